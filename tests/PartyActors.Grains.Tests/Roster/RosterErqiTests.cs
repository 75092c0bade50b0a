using System.Diagnostics;
using PartyActors.Grains.Tests.Demo;
using Xunit.Abstractions;

namespace PartyActors.Grains.Tests.Roster;

public sealed class RosterErqiTests(DemoDistrictFixture fixture, ITestOutputHelper output) : IClassFixture<DemoDistrictFixture>
{
    [Fact]
    public async Task The_erqi_roster_imports_with_nothing_rejected_and_exact_rollups()
    {
        var district = fixture.District;
        var body = RosterHarness.Ndjson(district);
        await using var harness = await RosterHarness.StartAsync();

        var clock = Stopwatch.StartNew();
        var pushed = await harness.PushAsync(body, key: "erqi");
        var accepted = clock.Elapsed;
        var progress = await harness.CompletedAsync(pushed.BatchId);
        var applied = clock.Elapsed;
        output.WriteLine($"Erqi roster, {body.Length / 1024} KiB, {progress.Total} lines on the memory store: accepted (durable) after {accepted.TotalMilliseconds:F0} ms, applied after {applied.TotalMilliseconds:F0} ms.");

        var lines = district.Organizations.Length + district.Members.Length;
        Assert.Equal((lines, lines, 0), (progress.Total, progress.Applied, progress.Rejected));
        await harness.Domain.AssertExactAsync(RosterHarness.ModelOf(district), TimeSpan.FromSeconds(60));
        var root = await harness.Domain.Org(district.Organizations[0].Id).GetRollup();
        Assert.Equal(district.Organizations.Length, root.Metrics[Metric.Orgs]);
        Assert.Equal(district.Members.Count(m => m.Profile.Status.IsCounted()), root.Metrics[Metric.Members]);
    }

    [Fact]
    public async Task A_batch_stopped_gracefully_checkpoints_and_finishes_after_the_restart()
    {
        var district = fixture.District;
        await using var harness = await RosterHarness.StartAsync();
        var pushed = await harness.PushAsync(RosterHarness.Ndjson(district), key: "erqi");
        await DomainHarness.EventuallyAsync(async () => (await harness.Batch(pushed.BatchId).GetProgress())!.Applied >= 5_000, "5,000 lines are applied", TimeSpan.FromMinutes(2));

        // The silo's stop first signals the batch (RosterStopSignal) to start no more lines, so its drain is short.
        var clock = Stopwatch.StartNew();
        await harness.Domain.RestartAsync();
        output.WriteLine($"Graceful restart in the middle of the batch: {clock.ElapsedMilliseconds} ms.");
        var after = await harness.CompletedAsync(pushed.BatchId);

        var lines = district.Organizations.Length + district.Members.Length;
        Assert.Equal((lines, lines, 0), (after.Total, after.Applied, after.Rejected));
        await harness.Domain.AssertExactAsync(RosterHarness.ModelOf(district), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_batch_interrupted_by_a_crash_resumes_by_its_reminder_and_counts_every_line_once()
    {
        var district = fixture.District;

        // Holds every member from m-008000 on, so the crash finds the batch in the middle with its window full.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var harness = await RosterHarness.StartAsync(silo: silo => silo.AddIncomingGrainCallFilter(async call =>
        {
            if (!gate.Task.IsCompleted && call.MethodName == nameof(IMemberGrain.SetProfile) &&
                string.CompareOrdinal(call.TargetId.Key.ToString(), "m-008000") >= 0)
            {
                Interlocked.Increment(ref held);
                await gate.Task;
            }

            await call.Invoke();
        }));
        var pushed = await harness.PushAsync(RosterHarness.Ndjson(district), key: "erqi");
        // A wait for progress, not a timing: 8,000 lines (each member's history written with it) take
        // seconds on a quiet machine and far longer on a busy shared one.
        await DomainHarness.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref held) >= harness.Options.MaxInFlight), "the window fills", TimeSpan.FromMinutes(2));
        var before = await harness.Batch(pushed.BatchId).GetProgress();

        await harness.Domain.CrashAndRestartAsync();
        gate.SetResult();

        // Nothing calls the batch until the district is whole: only its reminder can have resumed it.
        await harness.Domain.AssertExactAsync(RosterHarness.ModelOf(district), TimeSpan.FromSeconds(60));
        var after = await harness.CompletedAsync(pushed.BatchId);
        output.WriteLine($"Before the crash: {before}; after: {after.Applied} applied, {after.Rejected} rejected.");

        Assert.Equal(RosterBatchStatus.Running, before?.Status);
        Assert.InRange(before!.Applied, 8_000, 10_000);
        var lines = district.Organizations.Length + district.Members.Length;
        Assert.Equal((lines, lines, 0), (after.Total, after.Applied, after.Rejected));
        Assert.Empty(after.Errors);
    }
}
