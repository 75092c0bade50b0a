using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo;

/// <summary>Whether the silo seeds the demo district (<c>Demo</c> section).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the Erqi-shaped demo district when the store is empty: on by default, so the first <c>dotnet run</c> has data to show.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>The demo district's seed: the same number gives the same district.</summary>
    public int RandomSeed { get; set; } = 410103;
}

/// <summary>
/// After start-up, seeds the demo district and a little service history (<see cref="DemoHistory"/>) on an empty store (in the background: the API answers
/// meanwhile), then logs where to look and, with dev tokens on, an admin token to look with.
/// </summary>
internal sealed class DemoSeeding(
    IOptions<DemoOptions> options,
    IGrainFactory grains,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IServer server,
    TimeProvider time,
    ILogger<DemoSeeding> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Seed)
        {
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var district = ErqiDistrict.Generate(options.Value.RandomSeed);
        var history = DemoHistory.Plan(district, CommitmentRules.Today(time.GetUtcNow()), options.Value.RandomSeed);
        var root = district.Organizations[0].Id;
        try
        {
            if (!await DemoSeeder.IsSeededAsync(grains, district))
            {
                logger.LogInformation("Empty store: seeding the demo district ({Organizations} organizations, {Members} members, {Projects} service projects, {Commitments} commitments).",
                    district.Organizations.Length, district.Members.Length, history.Projects.Length, history.Commitments.Length);
                var clock = Stopwatch.StartNew();
                var progress = new Progress<SeedProgress>(p => logger.LogInformation("Seeding: {Stage} {Done}/{Total}.", p.Stage, p.Done, p.Total));
                await DemoSeeder.SeedAsync(grains, district, progress, stoppingToken, history);
                logger.LogInformation("Demo district seeded in {Seconds:F1} s.", clock.Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // The demo is a convenience: a failed seeding must not take the silo down. Seeding again
            // on the next start completes it (every step is an absolute upsert).
            logger.LogError(exception, "Seeding the demo district failed; it is retried at the next start.");
            return;
        }

        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        logger.LogInformation("Demo district {Root}: {Url}/api/v1/orgs/{Root}/rollup (OpenAPI UI: {Url}/swagger; supervisors' dashboard: {Url}/#/org/{Root}, member page: {Url}/m/).", root, url, root, url, url, root, url);
        if (services.GetService<DevTokenIssuer>() is { } issuer && services.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens)
        {
            var token = issuer.Issue("demo-admin", ["admin"], null, null).Token;
            logger.LogInformation("Dev token (role admin), for example: curl -H \"Authorization: Bearer {Token}\" {Url}/api/v1/orgs/{Root}/rollup", token, url, root);
        }
    }
}
