using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PartyActors.Client;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using MemberStatuses = PartyActors.Client.MemberStatuses;

namespace PartyActors.EndToEnd;

/// <summary>A process of the cluster as the writers see it: its name and a client that never retries by itself.</summary>
internal sealed record WriteTarget(string Name, PartyActorsClient Client);

/// <summary>What a member must read as after the writes acknowledged for it.</summary>
internal sealed record MemberExpectation(string Status, string OrgId, string? ReportedGridId);

/// <summary>
/// Several concurrent writers doing what grid workers do: new members put (probationary, in service),
/// reported in to a grid, promoted, made to leave; roster members reported in or made to leave. Each
/// writer changes only its own members, one write at a time, and sends a write that failed (5xx,
/// connection refused or reset, timeout) again, to the next process of the moment, until it is
/// acknowledged; every route it uses is idempotent, so the state of each member after the last
/// acknowledged write is known exactly (<see cref="Members"/>). A 4xx is no transient failure: it is
/// recorded as refused and the test fails on it.
/// </summary>
internal sealed class WriteLoad
{
    /// <summary>Longer than Orleans' response timeout (30 s): a write the client gives up on has been given up by the server too.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly string _phase;
    private readonly int _writers;
    private readonly Func<IReadOnlyList<WriteTarget>> _targets;
    private readonly IReadOnlyList<string> _grids;
    private readonly IReadOnlyList<DemoMember> _rosterMembers;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, MemberExpectation> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Write> _acknowledged = new();
    private readonly ConcurrentQueue<Write> _failed = new();
    private readonly ConcurrentQueue<string> _refused = new();
    private readonly ConcurrentQueue<string> _abandoned = new();
    private Task[] _tasks = [];
    private TimeSpan _drainDeadline = TimeSpan.MaxValue;
    private int _next;

    /// <param name="phase">Part of the new members' ids, so two loads never share a member.</param>
    /// <param name="targets">The processes to write through at this moment (a load balancer's view).</param>
    /// <param name="grids">Where new members go and report in.</param>
    /// <param name="rosterMembers">Counted, in-service roster members this load may change (no other load may).</param>
    /// <param name="clock">The test's clock, for the times of writes.</param>
    public WriteLoad(string phase, int writers, Func<IReadOnlyList<WriteTarget>> targets, IReadOnlyList<string> grids, IReadOnlyList<DemoMember> rosterMembers, Stopwatch clock)
    {
        _phase = phase;
        _writers = writers;
        _targets = targets;
        _grids = grids;
        _rosterMembers = rosterMembers;
        _clock = clock;
    }

    /// <summary>An attempt: when it ended, through which process, what it was, and for failures why.</summary>
    public sealed record Write(TimeSpan At, string Target, string What, string? Failure = null);

    /// <summary>Every member written, as it must read now (members whose last write was never acknowledged are left out).</summary>
    public IReadOnlyDictionary<string, MemberExpectation> Members => _members;

    public IReadOnlyCollection<Write> Acknowledged => _acknowledged;

    public IReadOnlyCollection<Write> Failed => _failed;

    /// <summary>4xx answers: the product refused a write a grid worker may make.</summary>
    public IReadOnlyCollection<string> Refused => _refused;

    /// <summary>Writes still not acknowledged when the writers were told to stop and the drain time had passed.</summary>
    public IReadOnlyCollection<string> Abandoned => _abandoned;

    public void Start() => _tasks = [.. Enumerable.Range(0, _writers).Select(writer => Task.Run(() => WriteAsync(writer)))];

    /// <summary>Tells the writers to start nothing new and waits while they retry what is unacknowledged, up to <paramref name="drain"/>.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        _drainDeadline = _clock.Elapsed + drain;
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    public int AcknowledgedThrough(string target) => _acknowledged.Count(w => w.Target == target);

    public int AcknowledgedSince(TimeSpan at) => _acknowledged.Count(w => w.At >= at);

    /// <summary>The members' final states into the recount.</summary>
    public void ApplyTo(ExpectedRollups expected)
    {
        foreach (var (memberId, member) in _members)
        {
            if (member.Status == MemberStatuses.Left)
            {
                expected.Remove(memberId);
                continue;
            }

            var status = member.Status == MemberStatuses.Full ? MemberStatus.Full : MemberStatus.Probationary;
            expected.Put(memberId, status, MemberCategory.InService, member.OrgId);
            if (member.ReportedGridId is { } grid)
            {
                expected.ReportIn(memberId, grid);
            }
        }
    }

    /// <summary>Acknowledged and failed writes by process, and failures by reason.</summary>
    public string Describe(TimeSpan? from = null, TimeSpan? to = null)
    {
        bool In(Write w) => w.At >= (from ?? TimeSpan.Zero) && w.At <= (to ?? TimeSpan.MaxValue);
        var acknowledged = _acknowledged.Where(In).ToList();
        var failed = _failed.Where(In).ToList();
        var byTarget = string.Join(", ", acknowledged.GroupBy(w => w.Target).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        var reasons = string.Join("; ", failed.GroupBy(w => $"{w.Failure} via {w.Target}").OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}"));
        return $"{acknowledged.Count} acknowledged ({byTarget}), {failed.Count} failed{(failed.Count > 0 ? $" ({reasons})" : string.Empty)}";
    }

    private async Task WriteAsync(int writer)
    {
        // A seed fixed by phase and writer (string hashes differ between runs): the same choices every run.
        var random = new Random(_phase.Sum(c => c) * 100 + writer);
        var roster = new Queue<DemoMember>(_rosterMembers.Where((_, i) => i % _writers == writer));
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            if (n % 4 == 3 && roster.TryDequeue(out var rosterMember))
            {
                await ChangeRosterMemberAsync(rosterMember, random);
            }
            else
            {
                await WriteNewMemberAsync(string.Create(CultureInfo.InvariantCulture, $"cl-{_phase}-{writer}-{n:D5}"), random);
            }
        }
    }

    /// <summary>A roster member reports in to some grid, or leaves.</summary>
    private async Task ChangeRosterMemberAsync(DemoMember member, Random random)
    {
        var status = member.Profile.Status == MemberStatus.Full ? MemberStatuses.Full : MemberStatuses.Probationary;
        var before = new MemberExpectation(status, member.Profile.OrgId, null);
        if (random.NextDouble() < 0.7)
        {
            var grid = Pick(random);
            if (await WriteUntilAcknowledgedAsync(member.Id, $"POST {member.Id}/report-in", (c, t) => c.ReportInAsync(member.Id, grid, t)))
            {
                _members[member.Id] = before with { ReportedGridId = grid };
            }
        }
        else if (await WriteUntilAcknowledgedAsync(member.Id, $"DELETE {member.Id}", (c, t) => c.DeleteMemberAsync(member.Id, t)))
        {
            _members[member.Id] = before with { Status = MemberStatuses.Left };
        }
    }

    /// <summary>A new member is put; then, each step less likely, reports in, is promoted, leaves.</summary>
    private async Task WriteNewMemberAsync(string memberId, Random random)
    {
        var org = Pick(random);
        var put = new PutMemberRequest("集群" + memberId[^5..], MemberStatuses.Probationary, MemberCategories.InService, org, ResidenceGridId: org);
        if (!await WriteUntilAcknowledgedAsync(memberId, $"PUT {memberId}", (c, t) => c.PutMemberAsync(memberId, put, t)))
        {
            return;
        }

        _members[memberId] = new MemberExpectation(MemberStatuses.Probationary, org, null);
        if (_stop.IsCancellationRequested || random.NextDouble() < 0.2)
        {
            return;
        }

        var grid = Pick(random);
        if (!await WriteUntilAcknowledgedAsync(memberId, $"POST {memberId}/report-in", (c, t) => c.ReportInAsync(memberId, grid, t)))
        {
            return;
        }

        _members[memberId] = _members[memberId] with { ReportedGridId = grid };
        if (_stop.IsCancellationRequested || random.NextDouble() < 0.4)
        {
            return;
        }

        var promote = put with { Status = MemberStatuses.Full };
        if (!await WriteUntilAcknowledgedAsync(memberId, $"PUT {memberId} (full)", (c, t) => c.PutMemberAsync(memberId, promote, t)))
        {
            return;
        }

        _members[memberId] = _members[memberId] with { Status = MemberStatuses.Full };
        if (_stop.IsCancellationRequested || random.NextDouble() < 0.5)
        {
            return;
        }

        if (await WriteUntilAcknowledgedAsync(memberId, $"DELETE {memberId}", (c, t) => c.DeleteMemberAsync(memberId, t)))
        {
            _members[memberId] = _members[memberId] with { Status = MemberStatuses.Left, ReportedGridId = null };
        }
    }

    /// <summary>
    /// Sends the write until a 2xx; false (and the member's state unknown, so it is no longer checked)
    /// when it is refused with a 4xx or still failing after the drain deadline.
    /// </summary>
    private async Task<bool> WriteUntilAcknowledgedAsync(string memberId, string what, Func<PartyActorsClient, CancellationToken, Task> write)
    {
        while (true)
        {
            var targets = _targets();
            var target = targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)targets.Count)];
            string failure;
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                await write(target.Client, timeout.Token);
                _acknowledged.Enqueue(new Write(_clock.Elapsed, target.Name, what));
                return true;
            }
            catch (PartyActorsApiException e) when ((int)e.StatusCode < 500 && (int)e.StatusCode != 429)
            {
                _refused.Enqueue($"{what} through {target.Name}: {(int)e.StatusCode} {CodeOf(e)}: {e.Detail ?? e.Message}");
                _members.TryRemove(memberId, out _);
                return false;
            }
            catch (Exception e) when (e is PartyActorsApiException or HttpRequestException or OperationCanceledException)
            {
                failure = Reason(e);
            }

            _failed.Enqueue(new Write(_clock.Elapsed, target.Name, what, failure));
            if (_stop.IsCancellationRequested && _clock.Elapsed > _drainDeadline)
            {
                _abandoned.Enqueue($"{what} (last: {failure} through {target.Name})");
                _members.TryRemove(memberId, out _);
                return false;
            }

            await Task.Delay(RetryPause);
        }
    }

    private string Pick(Random random) => _grids[random.Next(_grids.Count)];

    /// <summary>A failure in a few words: status and problem code, the socket error, or a timeout.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        PartyActorsApiException api => $"{(int)api.StatusCode} {CodeOf(api)}",
        HttpRequestException http => $"no answer ({http.HttpRequestError})",
        OperationCanceledException => "client timeout",
        _ => exception.GetType().Name,
    };

    public static string CodeOf(PartyActorsApiException exception) =>
        exception.Problem?.Extensions.TryGetValue("code", out var code) == true && code.ValueKind == JsonValueKind.String
            ? code.GetString()!
            : "(no code)";
}
