using System.Diagnostics;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.Benchmarks;

/// <summary>Which member changes <see cref="BackgroundChanges"/> makes.</summary>
internal enum BackgroundMix
{
    /// <summary>
    /// A quarter each: status flips (full ↔ probationary), category flips (in service ↔ retired),
    /// transfers and report-ins. A transfer moves the membership between the member's own
    /// organization and one other grid (its residence grid when that differs), back and forth; a
    /// report-in reports the member in to its residence grid (双报到), or withdraws it. Every change
    /// can be undone by the next, so the organizations' records keep their size however long the
    /// run: random targets would tie each member to ever more organizations.
    /// </summary>
    Full,

    /// <summary>
    /// The same, except that only members not counted (applicants, activists, candidates) are
    /// transferred: a counted member's transfer adds at the new grid before it leaves the old one,
    /// so the district's member count is off by one until both reach the root, and a probe on that
    /// count could not tell its own effect from the background's.
    /// </summary>
    WithoutCountedTransfers,
}

/// <summary>
/// The members the background may change, and what each currently is: kept across runs, so that a
/// later run starts from what the grains hold. Members set aside for probes are never touched.
/// </summary>
internal sealed class MemberRoster
{
    private readonly int[] _busy;

    public MemberRoster(DemoDistrict district, IReadOnlySet<string> setAside, int seed)
    {
        Ids = [.. district.Members.Select(m => m.Id)];
        Profiles = [.. district.Members.Select(m => m.Profile)];
        _busy = new int[Ids.Length];
        var grids = district.Organizations.Where(o => o.Definition.Kind == OrganizationKind.Grid).Select(o => o.Id).ToArray();
        var random = new Random(seed);
        Homes = [.. Profiles.Select(p => p.OrgId)];
        Alternates = [.. Profiles.Select(p => p.ResidenceGridId is { } residence && residence != p.OrgId ? residence : OtherThan(grids, p.OrgId, random))];
        var reported = district.ReportIns.Select(r => r.MemberId).ToHashSet(StringComparer.Ordinal);
        ReportedIn = [.. Ids.Select(reported.Contains)];
        Changeable = [.. Enumerable.Range(0, Ids.Length).Where(i => !setAside.Contains(Ids[i]))];

        // Status flips keep counted members counted, so this set never changes.
        Uncounted = [.. Changeable.Where(i => !Profiles[i].Status.IsCounted())];
    }

    public string[] Ids { get; }

    /// <summary>Each member's profile as last acknowledged.</summary>
    public MemberProfile[] Profiles { get; }

    /// <summary>Each member's organization of record in the district as generated.</summary>
    public string[] Homes { get; }

    /// <summary>The grid each member's transfers go to from <see cref="Homes"/> (and back from).</summary>
    public string[] Alternates { get; }

    /// <summary>Whether each member is reported in (to its residence grid) as last acknowledged.</summary>
    public bool[] ReportedIn { get; }

    public int[] Changeable { get; }

    public int[] Uncounted { get; }

    /// <summary>Claims a member so that no second change of it runs at the same time.</summary>
    public bool TryClaim(int index) => Interlocked.CompareExchange(ref _busy[index], 1, 0) == 0;

    public void Release(int index) => Volatile.Write(ref _busy[index], 0);

    private static string OtherThan(string[] grids, string current, Random random)
    {
        while (true)
        {
            var grid = grids[random.Next(grids.Length)];
            if (grid != current)
            {
                return grid;
            }
        }
    }
}

/// <summary>
/// Member changes at a steady rate, open loop: a change is issued when it is due whether or not the
/// earlier ones have been answered, up to <see cref="MaxInFlight"/> outstanding; beyond that the
/// driver waits, and the achieved rate falls below the target.
/// </summary>
internal sealed class BackgroundChanges : IAsyncDisposable
{
    private static readonly StatusChange StatusSwap = new("benchmark", "background load swaps statuses", Correction: true);

    /// <summary>One second's worth at the target rate: enough to ride out a slow commit, not a backlog that hides saturation.</summary>
    public const int MaxInFlight = 1000;

    private readonly IGrainFactory _factory;
    private readonly MemberRoster _roster;
    private readonly BackgroundMix _mix;
    private readonly int _rate;
    private readonly Random _random;
    private readonly SemaphoreSlim _slots = new(MaxInFlight);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private long _issued;
    private long _completed;
    private long _failed;

    private BackgroundChanges(IGrainFactory factory, MemberRoster roster, BackgroundMix mix, int rate, int seed)
    {
        _factory = factory;
        _roster = roster;
        _mix = mix;
        _rate = rate;
        _random = new Random(seed);
        _loop = Task.Run(RunAsync);
    }

    public static BackgroundChanges Start(IGrainFactory factory, MemberRoster roster, BackgroundMix mix, int rate, int seed) =>
        new(factory, roster, mix, rate, seed);

    /// <summary>Changes answered so far (successfully or not), failures among them, and the time since the start.</summary>
    public (long Completed, long Failed, TimeSpan Elapsed) Progress =>
        (Interlocked.Read(ref _completed), Interlocked.Read(ref _failed), _clock.Elapsed);

    /// <summary>Stops issuing and waits for every change in flight to be answered.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        for (var i = 0; i < MaxInFlight; i++)
        {
            await _slots.WaitAsync();
        }

        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var due = (long)(_clock.Elapsed.TotalSeconds * _rate);
            while (_issued < due && !_stop.IsCancellationRequested)
            {
                await _slots.WaitAsync();
                _issued++;
                _ = ChangeOneAsync();
            }

            await Task.Delay(2);
        }
    }

    private async Task ChangeOneAsync()
    {
        var kind = _random.Next(4);
        var index = kind == 2 && _mix == BackgroundMix.WithoutCountedTransfers ? Claim(_roster.Uncounted) : Claim(_roster.Changeable);
        if (index < 0)
        {
            _slots.Release();
            return;
        }

        var member = _factory.GetGrain<IMemberGrain>(_roster.Ids[index]);
        var profile = _roster.Profiles[index];
        MemberProfile? next = kind switch
        {
            0 when profile.Status.IsCounted() => profile with { Status = profile.Status == MemberStatus.Full ? MemberStatus.Probationary : MemberStatus.Full },
            0 or 1 => profile with { Category = profile.Category == MemberCategory.InService ? MemberCategory.Retired : MemberCategory.InService },
            2 => profile with { OrgId = profile.OrgId == _roster.Homes[index] ? _roster.Alternates[index] : _roster.Homes[index] },
            _ => null,
        };
        try
        {
            if (next is not null)
            {
                // Full ↔ probationary is a move back: the load makes it as an admin's correction (docs/member-status.md).
                await member.SetProfile(next, next.Status == profile.Status ? null : StatusSwap);
                _roster.Profiles[index] = next;
            }
            else if (_roster.ReportedIn[index])
            {
                await member.WithdrawReportIn();
                _roster.ReportedIn[index] = false;
            }
            else
            {
                await member.ReportIn(profile.ResidenceGridId!);
                _roster.ReportedIn[index] = true;
            }
        }
        catch (Exception)
        {
            // Counted and printed: a refused or timed-out change is part of the figure, not a reason to stop.
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _roster.Release(index);
            Interlocked.Increment(ref _completed);
            _slots.Release();
        }
    }

    /// <summary>A random member of <paramref name="candidates"/> with no change in flight, or -1 after a few misses.</summary>
    private int Claim(int[] candidates)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var index = candidates[_random.Next(candidates.Length)];
            if (_roster.TryClaim(index))
            {
                return index;
            }
        }

        return -1;
    }
}
