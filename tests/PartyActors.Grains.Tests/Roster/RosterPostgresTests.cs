using System.Diagnostics;
using PartyActors.Storage.Postgres;
using PartyActors.Grains.Tests.Erqi;
using Xunit.Abstractions;

namespace PartyActors.Grains.Tests.Roster;

public sealed class RosterPostgresTests(ErqiPostgresFixture fixture, ITestOutputHelper output) : IClassFixture<ErqiPostgresFixture>
{
    [Fact]
    public async Task The_erqi_roster_imports_on_postgresql_with_nothing_rejected_and_exact_rollups()
    {
        var district = fixture.District;
        var body = RosterHarness.Ndjson(district);
        var connectionString = await fixture.Server.CreateDatabaseAsync("roster");
        await using var harness = await RosterHarness.StartAsync(
            cadence: new RollupOptions().Cadence,
            storage: silo =>
            {
                silo.AddPostgresMigrations(connectionString);
                silo.AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, o => o.ConnectionString = connectionString);
                silo.UsePostgresReminderService(connectionString);
            });

        var clock = Stopwatch.StartNew();
        var pushed = await harness.PushAsync(body, key: "erqi");
        var accepted = clock.Elapsed;
        var progress = await harness.CompletedAsync(pushed.BatchId, TimeSpan.FromMinutes(3));
        var applied = clock.Elapsed - accepted;
        output.WriteLine($"Erqi roster, {progress.Total} lines on PostgreSQL: accepted (durable) in {accepted.TotalMilliseconds:F0} ms, applied in {applied.TotalMilliseconds:F0} ms.");

        var lines = district.Organizations.Length + district.Members.Length;
        Assert.Equal((lines, lines, 0), (progress.Total, progress.Applied, progress.Rejected));
        await harness.Domain.AssertExactAsync(RosterHarness.ModelOf(district), TimeSpan.FromMinutes(2));
    }
}
