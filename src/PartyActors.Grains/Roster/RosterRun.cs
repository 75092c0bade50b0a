using Microsoft.Extensions.Logging;

namespace PartyActors.Grains;

/// <summary>Reads a page of a batch's stored lines: sequences from ≤ s &lt; to.</summary>
internal delegate Task<IReadOnlyList<LogRecord<RosterLine>>> RosterPageReader(long from, long to);

/// <summary>
/// One pass over a batch's unfinished lines, inside the batch grain's activation. Lines are read
/// back from the log a page at a time (the next page while the last is applied), and up to
/// <see cref="RosterOptions.MaxInFlight"/> are applied at once, each waiting only for the earlier
/// lines that touch what it touches (<see cref="RosterDependencies"/>), so the result is that of
/// applying them one by one. The tally is checkpointed every few hundred lines without stopping the
/// flow. A run ends when every line is finished or when it halts: asked to stop, or a line deferred
/// (the store is down); lines not yet started then wait for the next run.
/// </summary>
internal sealed class RosterRun(
    IGrainFactory grains,
    RosterPageReader readPage,
    long end,
    RosterTally tally,
    RosterApplier applier,
    Func<Task> checkpoint,
    RosterOptions options,
    ILogger logger,
    CancellationToken stopping)
{
    private readonly RosterDependencies _dependencies = new();

    // Organizations named by an upsert-org line in a page read so far: a later line for the same
    // organization cannot rely on what the store said when its page was read.
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);
    private int _running;
    private TaskCompletionSource? _slotFreed;
    private bool _halted;
    private int _checkpointedAt;
    private Task _checkpointing = Task.CompletedTask;

    private bool Halting => _halted || stopping.IsCancellationRequested;

    /// <summary>Stops starting lines; those running finish.</summary>
    public void Halt() => _halted = true;

    public async Task RunAsync()
    {
        _checkpointedAt = tally.Recorded;
        try
        {
            await DispatchAsync();
        }
        catch (Exception exception)
        {
            // Reading the log failed (the store is down): what was started finishes, the rest waits.
            _halted = true;
            logger.LogWarning(exception, "A roster batch could not read its lines; it pauses until its reminder resumes it.");
        }

        await WaitForRunningAsync(0);

        await _checkpointing;
    }

    private async Task DispatchAsync()
    {
        var from = tally.Next;
        var loading = from < end ? LoadAsync(from) : null;
        try
        {
            while (loading is not null && !Halting)
            {
                var page = await loading;
                var pageEnd = page.Records.Count == 0 ? end : page.Records[^1].Sequence + 1;
                loading = pageEnd < end ? LoadAsync(pageEnd) : null;
                foreach (var record in page.Records)
                {
                    if (tally.IsRecorded(record.Sequence))
                    {
                        continue;
                    }

                    await WaitForRunningAsync(options.MaxInFlight - 1);
                    if (Halting)
                    {
                        return;
                    }

                    Start(record, await FootprintAsync(record, page));
                }
            }
        }
        finally
        {
            // A page read ahead and never used: its failure, if any, is of no interest to anyone.
            _ = loading?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until at most <paramref name="count"/> lines are running.</summary>
    private async Task WaitForRunningAsync(int count)
    {
        while (_running > count)
        {
            _slotFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _slotFreed.Task;
        }
    }

    private void Start(LogRecord<RosterLine> record, RosterFootprint footprint)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waits = _dependencies.Enter(done.Task, footprint);
        _running++;
        _ = RunLineAsync(record, footprint, done, waits);
    }

    private async Task RunLineAsync(LogRecord<RosterLine> record, RosterFootprint footprint, TaskCompletionSource done, List<Task> waits)
    {
        try
        {
            if (waits.Count > 0)
            {
                await Task.WhenAll(waits);
            }

            // Once halted, a line that has not started must not: a line it waited for may have been deferred.
            var outcome = Halting ? RosterLineOutcome.Deferred : await applier.ApplyAsync(record.Entry, stopping);
            if (outcome.Kind == RosterLineOutcomeKind.Deferred)
            {
                _halted = true;
            }
            else
            {
                tally.Record(record.Sequence, outcome);
            }
        }
        catch (Exception exception)
        {
            _halted = true;
            logger.LogError(exception, "Line {Line} of a roster batch failed in the batch itself; the batch pauses.", record.Entry.Number);
        }
        finally
        {
            _dependencies.Leave(done.Task, footprint);
            done.SetResult();
            _running--;
            _slotFreed?.TrySetResult();
        }

        if (tally.Recorded - _checkpointedAt >= options.CheckpointEveryLines && _checkpointing.IsCompleted)
        {
            _checkpointedAt = tally.Recorded;
            _checkpointing = checkpoint();
        }
    }

    /// <summary>
    /// What a line touches. A report-in writes its member and reads its grid; a commitment line writes
    /// its commitment and reads its owner. An upsert-org that creates an organization, or renames it in place, writes
    /// that organization and reads its parent; one that moves it or changes its kind is a barrier, since
    /// other lines' outcomes depend on the tree's shape and on kinds (a cycle check, a grid's residents)
    /// without naming the organization. Which case a line is comes from the store, read when its page
    /// was loaded, unless an earlier line of the batch names the same organization: then it is a barrier.
    /// </summary>
    private static async Task<RosterFootprint> FootprintAsync(LogRecord<RosterLine> record, Page page)
    {
        switch (record.Entry.Operation)
        {
            case UpsertMember member:
                return new RosterFootprint(
                    RosterFootprint.Member(member.Id),
                    RosterFootprint.Organization(member.Profile.OrgId),
                    member.Profile.ResidenceGridId is { } gridId ? RosterFootprint.Organization(gridId) : null,
                    Barrier: false);
            case RemoveMember removal:
                return new RosterFootprint(RosterFootprint.Member(removal.Id), null, null, Barrier: false);
            case ReportMemberIn reportIn:
                return new RosterFootprint(RosterFootprint.Member(reportIn.Id), RosterFootprint.Organization(reportIn.GridId), null, Barrier: false);
            case WithdrawMemberReportIn withdrawal:
                return new RosterFootprint(RosterFootprint.Member(withdrawal.Id), null, null, Barrier: false);
            case UpsertCommitment { Commitment: var commitment }:
                // A member's commitment reads the member (where it counts is the member's organization of record).
                return new RosterFootprint(
                    RosterFootprint.Commitment(commitment.CommitmentId),
                    commitment.Owner.Kind == CommitmentOwnerKind.Member
                        ? RosterFootprint.Member(commitment.Owner.Id)
                        : RosterFootprint.Organization(commitment.Owner.Id),
                    null,
                    Barrier: false);
            case UpsertOrganization organization when page.Current.TryGetValue(record.Sequence, out var reading):
                var current = await reading;
                var definition = organization.Definition;
                var inPlace = current is not null &&
                    (!current.Exists || (string.Equals(current.ParentId, definition.ParentId, StringComparison.Ordinal) && current.Kind == definition.Kind));
                return inPlace
                    ? new RosterFootprint(
                        RosterFootprint.Organization(organization.Id),
                        definition.ParentId is { } parentId ? RosterFootprint.Organization(parentId) : null,
                        null,
                        Barrier: false)
                    : RosterFootprint.Exclusive;
            case UpsertOrganization:
                return RosterFootprint.Exclusive;
            default:
                return RosterFootprint.None;
        }
    }

    /// <summary>Reads a page and starts reading what the store says of each organization its upsert-org lines name first.</summary>
    private async Task<Page> LoadAsync(long from)
    {
        var records = await readPage(from, Math.Min(from + options.ReadPageLines, end));
        var current = new Dictionary<long, Task<ChildRollup?>>();
        foreach (var record in records)
        {
            if (record.Entry.Operation is UpsertOrganization organization && _named.Add(organization.Id) && !tally.IsRecorded(record.Sequence))
            {
                current[record.Sequence] = ReadCurrentAsync(organization.Id);
            }
        }

        return new Page(records, current);
    }

    private async Task<ChildRollup?> ReadCurrentAsync(string orgId)
    {
        try
        {
            return await grains.GetGrain<IRollupNode>(orgId).GetChildRollup();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not knowing makes the line a barrier, which is always safe.
            return null;
        }
    }

    /// <param name="Current">For each upsert-org line that names its organization first: what the store says of it.</param>
    private sealed record Page(IReadOnlyList<LogRecord<RosterLine>> Records, Dictionary<long, Task<ChildRollup?>> Current);
}
