using System.Text;
using PartyActors.Grains.Demo;
using Microsoft.Extensions.Time.Testing;

namespace PartyActors.Grains.Tests.Roster;

/// <summary>Completed batches and abandoned uploads are deleted, log and record, once their retention has passed.</summary>
public sealed class RosterRetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private static readonly DemoDistrict District = new(
        [
            new("d", new("二七区委", OrganizationKind.District, null)),
            new("g1", new("第1网格党支部", OrganizationKind.Grid, "d")),
        ],
        [
            new("m1", new("王芳", MemberStatus.Full, MemberCategory.InService, "g1", "g1", Gender.Female, 1980, null, "13812345678", "41010319800101123X")),
            new("m2", new("李强", MemberStatus.Full, MemberCategory.Retired, "g1")),
        ],
        []);

    private static string Roster()
    {
        var text = new StringWriter();
        RosterWriter.WriteNdjson(District, text);
        return text.ToString();
    }

    /// <summary>A test clock that starts now (reminders compare with what the store recorded).</summary>
    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    private static Task<RosterHarness> StartAsync(FakeTimeProvider clock, Action<ISiloBuilder>? silo = null) =>
        RosterHarness.StartAsync(o => o.Retention = Retention, silo: silo, cadence: TimeSpan.FromMinutes(1), time: clock);

    private static Task<IReadOnlyList<StoredLogEntry>> LogOf(RosterHarness harness, string batchId) =>
        harness.Logs.ReadAsync("roster-lines", GrainId.Create("roster-batch", batchId), 1, long.MaxValue, default);

    private static Task PumpUntilAsync(FakeTimeProvider clock, Func<Task<bool>> condition, string what) =>
        FakeClockPump.PumpUntilAsync(clock, condition, what, step: TimeSpan.FromMilliseconds(50), timeout: TimeSpan.FromSeconds(60));

    /// <summary>Moves the clock on by ten seconds in small steps, letting whatever falls due run.</summary>
    private static async Task PumpAsync(FakeTimeProvider clock)
    {
        for (var i = 0; i < 200; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(2);
        }
    }

    private static async Task<RosterBatchProgress> CompletedAsync(FakeTimeProvider clock, RosterHarness harness, string batchId)
    {
        RosterBatchProgress? progress = null;
        await PumpUntilAsync(clock, async () =>
            (progress = await harness.Batch(batchId).GetProgress()) is { Status: RosterBatchStatus.Completed }, "the batch completes");
        return progress!;
    }

    /// <summary>Pushes the roster and waits until its batch completes.</summary>
    private static async Task<(string BatchId, DateTimeOffset CompletedAt)> ImportAsync(FakeTimeProvider clock, RosterHarness harness)
    {
        var pushed = await harness.PushAsync(Roster());
        var completed = await CompletedAsync(clock, harness, pushed.BatchId);
        return (pushed.BatchId, completed.CompletedAt!.Value);
    }

    private static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset at) => clock.Advance(at - clock.GetUtcNow());

    private static Task ForgottenAsync(FakeTimeProvider clock, RosterHarness harness, string batchId) =>
        PumpUntilAsync(clock, async () => await harness.Batch(batchId).GetProgress() is null && (await LogOf(harness, batchId)).Count == 0,
            "the batch is deleted");

    [Fact]
    public async Task A_completed_batch_is_kept_for_its_retention_then_forgotten_and_its_key_starts_a_new_batch()
    {
        var clock = Clock();
        await using var harness = await StartAsync(clock);
        var (batchId, completedAt) = await ImportAsync(clock, harness);

        AdvanceTo(clock, completedAt + Retention - TimeSpan.FromHours(1));
        await PumpAsync(clock);
        Assert.Equal(RosterBatchStatus.Completed, (await harness.Batch(batchId).GetProgress())?.Status);
        Assert.Equal(4, (await LogOf(harness, batchId)).Count);

        clock.Advance(TimeSpan.FromHours(2));
        await ForgottenAsync(clock, harness, batchId);

        // The same key after expiry: a new batch under the same id, its log from sequence 1 again.
        var again = await harness.PushAsync(Roster());
        Assert.Equal((batchId, false), (again.BatchId, again.Repeated));
        var second = await CompletedAsync(clock, harness, again.BatchId);
        Assert.Equal((4, 4, 0), (second.Total, second.Applied, second.Rejected));
        Assert.Equal([1L, 2, 3, 4], (await LogOf(harness, again.BatchId)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_upload_never_sealed_is_deleted_a_retention_after_it_began()
    {
        var clock = Clock();
        await using var harness = await StartAsync(clock);
        harness.Options.AppendChunkLines = 2;
        var batchId = RosterIds.ForBatch(RosterHarness.Admin.Subject, "key-1");

        // The client dies after three lines: two are durable, the upload is never sealed.
        await using (var body = new DyingStream(Encoding.UTF8.GetBytes(Roster()[..Roster().IndexOf("\"m1\"", StringComparison.Ordinal)])))
        {
            await Assert.ThrowsAnyAsync<IOException>(() => RosterUpload.UploadAsync(
                harness.Factory, new RosterUploadRequest("key-1", RosterHarness.Admin, RosterFormat.Ndjson, RosterCharset.Utf8), body, harness.Options));
        }

        await PumpUntilAsync(clock, async () => (await LogOf(harness, batchId)).Count == 2, "the first chunk is durable");
        clock.Advance(Retention - TimeSpan.FromHours(1));
        await PumpAsync(clock);
        Assert.Equal(2, (await LogOf(harness, batchId)).Count);

        clock.Advance(TimeSpan.FromHours(2));
        await ForgottenAsync(clock, harness, batchId);
        var ticket = await harness.Batch(batchId).Open(new RosterBatchInfo("key-1", RosterHarness.Admin, RosterFormat.Ndjson));
        Assert.False(ticket.AlreadyAccepted);
    }

    [Fact]
    public async Task A_batch_still_running_is_not_deleted_and_is_once_it_has_completed()
    {
        var clock = Clock();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var harness = await StartAsync(clock, silo => silo.AddIncomingGrainCallFilter(async call =>
        {
            if (!gate.Task.IsCompleted && call.MethodName == nameof(IMemberGrain.SetProfile))
            {
                Interlocked.Increment(ref held);
                await gate.Task;
            }

            await call.Invoke();
        }));
        var pushed = await harness.PushAsync(Roster());
        await PumpUntilAsync(clock, () => Task.FromResult(Volatile.Read(ref held) > 0), "a member line is held");

        clock.Advance(Retention + TimeSpan.FromHours(1));
        await PumpAsync(clock);
        Assert.Equal(RosterBatchStatus.Running, (await harness.Batch(pushed.BatchId).GetProgress())?.Status);
        Assert.Equal(4, (await LogOf(harness, pushed.BatchId)).Count);

        gate.SetResult();
        var completed = await CompletedAsync(clock, harness, pushed.BatchId);
        Assert.Equal((4, 4), (completed.Total, completed.Applied));
        AdvanceTo(clock, completed.CompletedAt!.Value + Retention - TimeSpan.FromHours(1));
        await PumpAsync(clock);
        Assert.NotNull(await harness.Batch(pushed.BatchId).GetProgress());

        clock.Advance(TimeSpan.FromHours(2));
        await ForgottenAsync(clock, harness, pushed.BatchId);
    }

    [Fact]
    public async Task A_completed_batch_is_deleted_after_a_crash_and_restart_without_being_called()
    {
        var clock = Clock();
        await using var harness = await StartAsync(clock);
        var (batchId, completedAt) = await ImportAsync(clock, harness);

        await harness.Domain.CrashAndRestartAsync();
        AdvanceTo(clock, completedAt + Retention + TimeSpan.FromMinutes(1));

        // Only the reminder can have activated the batch: the log goes before anything reads it.
        await PumpUntilAsync(clock, async () => (await LogOf(harness, batchId)).Count == 0, "the log is deleted");
        await ForgottenAsync(clock, harness, batchId);
    }

    [Fact]
    public async Task An_expiry_that_fell_due_while_the_silo_was_down_is_caught_up_when_it_starts()
    {
        var clock = Clock();
        await using var harness = await StartAsync(clock);
        var (batchId, completedAt) = await ImportAsync(clock, harness);
        Assert.True(harness.Domain.Reminders.Count > 0, "The batch keeps a durable reminder for its expiry.");

        // The tick falls due, and is lost, while no silo runs.
        await harness.Domain.CrashAsync();
        AdvanceTo(clock, completedAt + Retention + TimeSpan.FromHours(6));
        await harness.Domain.StartAsync();

        await ForgottenAsync(clock, harness, batchId);
        Assert.Equal(0, harness.Domain.Reminders.Count);
    }

    /// <summary>A request body whose client goes away: its bytes, then a broken connection.</summary>
    private sealed class DyingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The client went away.");
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var read = await base.ReadAsync(buffer, offset, count, cancellationToken);
            return read > 0 ? read : throw new IOException("The client went away.");
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The client went away.");
        }
    }
}
