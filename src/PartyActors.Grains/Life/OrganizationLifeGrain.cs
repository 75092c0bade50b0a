using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// An organization's organizational life (三会一课), and the source of truth for its
/// <c>meetingsRequired</c> and <c>meetingsHeld</c>: the activities its template requires of its kind
/// in the cycles under way, and of those the ones held with quorum. Like a commitment, it sends its
/// whole contribution (made durable by the organization) before it commits its own state, and
/// restores it if its own write fails.
/// <para>
/// The figures depend on the clock (a cycle ends), the organization's kind, the templates up the tree
/// and the meetings; every change of one of those ends in a <see cref="Refresh"/>: the tree refreshes
/// an organization it creates, renames or changes the kind of, and the whole subtree of one it
/// moves; a template refreshes its subtree; the schedule sweeps every organization at each checkpoint
/// and at every silo start (docs/organizational-life.md, "Exactness"). The template is read fresh
/// up the tree at every refresh, so the last refresh of an organization always counts the last
/// template written above it.
/// </para>
/// </summary>
[GrainType("organization-life")]
internal sealed class OrganizationLifeGrain(
    [PersistentState("organization-life")] IPersistentState<LifeState> store,
    IOptions<LifeOptions> options,
    TimeProvider time,
    ILogger<OrganizationLifeGrain> logger) : Grain, IOrganizationLifeGrain
{
    /// <summary>Longer ancestor chains than this mean the stored tree is damaged, not deep.</summary>
    private const int MaxDepth = 64;

    private readonly LifeOptions _options = options.Value;
    private bool _busy;

    /// <summary>The template as committed (the state's may be ahead while a write is in flight, and organizations below read it meanwhile).</summary>
    private LifeTemplate? _template;

    private string Id => this.GetPrimaryKeyString();

    private LifeState State => store.State;

    private SourceKey Source => new(SourceKind.OrganizationLife, Id);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _template = State.Template;
        return Task.CompletedTask;
    }

    public Task<LifeTemplate?> GetOwnTemplate() => Task.FromResult(_template);

    public async Task<EffectiveLife> GetEffective()
    {
        var details = await RequireOrganizationAsync();
        var (requirements, definedAt) = await ResolveAsync(details);
        return new EffectiveLife(Id, details.Kind, requirements, definedAt, State.Template);
    }

    public async Task<int> SetTemplate(LifeTemplate? template)
    {
        if (template is not null)
        {
            LifeRules.Validate(template);
        }

        var details = await RequireOrganizationAsync();
        var next = State.Copy();
        next.Template = template;
        await CommitAsync(next, send: false);
        logger.LogInformation("Organization {OrgId} {Change} its organizational-life template; refreshing its subtree.", Id, template is null ? "removed" : "set");

        // This one first (a call to itself would wait for this turn), then every organization below,
        // each reading the templates up the tree afresh, this one's included (it interleaves).
        await RefreshCoreAsync(force: false, details);
        var (refreshed, _) = await LifeWalk.RunAsync(GrainFactory, details.ChildIds, _options.SweepParallelism);
        return refreshed + 1;
    }

    public async Task<LifeRefresh> Refresh(bool force)
    {
        var details = await GrainFactory.GetGrain<IOrganizationGrain>(Id).GetDetails();
        await RefreshCoreAsync(force, details);
        return details is null ? new LifeRefresh(false, []) : new LifeRefresh(true, details.ChildIds);
    }

    public async Task<MeetingRecord> RecordMeeting(string meetingId, MeetingDraft draft, string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        ArgumentNullException.ThrowIfNull(draft);
        if (State.Meetings.Any(m => m.Id == meetingId))
        {
            return await Meeting(meetingId).GetDetails()
                ?? throw new InvalidOperationException($"Meeting '{meetingId}' is listed but not stored.");
        }

        if (!Enum.IsDefined(draft.Type))
        {
            throw DomainErrors.Invalid("type", $"Use one of: {WireNames<LifeActivity>.List}.");
        }

        CommitmentRules.Throw("minutes", LifeRules.CheckMinutes(draft.Minutes));
        CommitmentRules.Throw("topic", LifeRules.CheckTopic(draft.Topic));
        var attendees = draft.Attendees.IsDefault ? [] : draft.Attendees;
        CommitmentRules.Throw("attendees", LifeRules.CheckAttendees(attendees));

        var details = await RequireOrganizationAsync();
        var (requirements, _) = await ResolveAsync(details);
        var now = time.GetUtcNow();
        CommitmentRules.Throw("date", LifeRules.CheckDate(draft.Date, LifeRules.DatingCadence(draft.Type, requirements), now));

        var members = await CountedMembersAsync();
        var strangers = attendees.Where(a => !members.Contains(a)).ToArray();
        if (strangers.Length > 0)
        {
            throw new DomainException(DomainErrorKind.UnknownReference, LifeRules.NotAMember,
                $"Not probationary or full members of record of '{Id}': {string.Join(", ", strangers)}.") { Field = "attendees" };
        }

        var quorum = LifeRules.Quorum(attendees.Length, members.Count);
        var record = new MeetingRecord(meetingId, Id, draft.Type, draft.Date, draft.Topic?.Trim(), draft.Minutes.Trim(), attendees, quorum, quorum.Met, now, by);

        // The record first: a meeting listed here always has its minutes.
        await Meeting(meetingId).Record(record);
        var next = State.Copy();
        next.Meetings = [.. State.Meetings.Append(new MeetingSummary(meetingId, record.Type, record.Date, record.Topic, attendees.Length, record.Counts))
            .OrderBy(m => m.Id, StringComparer.Ordinal)];
        next.Counters = Count(requirements, next.Meetings, now);
        next.ChangedAt = now;
        await CommitAsync(next, send: next.Counters != State.Counters);
        logger.LogInformation("Organization {OrgId} recorded {Activity} {MeetingId} on {Date}: {Attendees} of {Members} members, {Quorum}.",
            Id, record.Type, meetingId, record.Date, quorum.Attendees, quorum.Members, quorum.Met ? "quorum met" : "no quorum, not counted");
        return record;
    }

    public Task<ImmutableArray<MeetingSummary>> GetMeetings(ReportPeriod? period) => Task.FromResult(period is not { } p
        ? State.Meetings
        : [.. State.Meetings.Where(m => InPeriod(m.Date, p))]);

    public async Task<LifeCompliance> GetCompliance(ReportPeriod period)
    {
        var details = await RequireOrganizationAsync();
        var (requirements, definedAt) = await ResolveAsync(details);
        var now = time.GetUtcNow();
        var items = ImmutableArray.CreateBuilder<RequirementCompliance>();
        foreach (var requirement in requirements)
        {
            var granularity = requirement.Cadence.Granularity();
            var first = ReportPeriod.Containing(granularity, period.Start);
            var last = ReportPeriod.Containing(granularity, period.End.AddTicks(-1));
            var cycles = first.Through(last).Select(cycle =>
            {
                var held = State.Meetings.Count(m => m.Counts && m.Type == requirement.Activity && InPeriod(m.Date, cycle));
                var status = held > 0 ? CycleStatus.Met
                    : cycle.Start > now ? CycleStatus.Upcoming
                    : cycle.End <= now ? CycleStatus.Missed
                    : CycleStatus.Due;
                return new CycleCompliance(cycle, cycle.Start, cycle.End, held, status);
            }).ToImmutableArray();
            items.Add(new RequirementCompliance(requirement.Activity, requirement.Cadence,
                cycles.Count(c => c.Status != CycleStatus.Upcoming), cycles.Count(c => c.Status == CycleStatus.Met), cycles));
        }

        var all = items.SelectMany(i => i.Cycles).ToArray();
        var missed = all.Count(c => c.Status == CycleStatus.Missed);
        return new LifeCompliance(Id, period, now, definedAt, items.Sum(i => i.Required), items.Sum(i => i.Held), missed, missed == 0, items.ToImmutable());
    }

    public Task<LifeStatus> GetStatus() => Task.FromResult(new LifeStatus(
        Id, State.Counters[Metric.MeetingsRequired], State.Counters[Metric.MeetingsHeld], State.ChangedAt, State.Notices));

    public Task<ContributionReport> GetContribution(string orgId) => Task.FromResult(_busy
        ? new ContributionReport(Busy: true, null)
        : new ContributionReport(Busy: false,
            string.Equals(orgId, Id, StringComparison.Ordinal) && !State.Counters.IsZero
                ? new Contribution(Source, State.Counters, SourceTies.None, State.Version)
                : null));

    /// <summary>Recounts for the cycles under way and records the reminders due; writes (and sends) only what changed, unless <paramref name="force"/>.</summary>
    private async Task RefreshCoreAsync(bool force, OrganizationDetails? details)
    {
        var now = time.GetUtcNow();
        var counters = RollupCounters.Zero;
        var notices = ImmutableArray<LifeNotice>.Empty;
        if (details is not null)
        {
            var (requirements, _) = await ResolveAsync(details);
            counters = Count(requirements, State.Meetings, now);
            notices = DueNotices(requirements, now);
        }

        // Forced after a creation: the organization holds nothing of this source yet (a dissolved one
        // forgot it), whatever this grain last sent.
        var send = counters != State.Counters || (force && !counters.IsZero);
        if (!send && notices.IsEmpty)
        {
            return;
        }

        var next = State.Copy();
        next.Counters = counters;
        next.ChangedAt = now;
        if (!notices.IsEmpty)
        {
            next.Notices = [.. notices.Concat(State.Notices).Take(_options.MaxNotices)];
        }

        await CommitAsync(next, send);
        foreach (var notice in notices)
        {
            logger.LogWarning("Organization {OrgId}: {Activity} not yet held in {Cycle}, which ends at {DueBy:O}; reminder recorded.", Id, notice.Activity, notice.Cycle, notice.DueBy);
        }
    }

    /// <summary>
    /// The reminders due now: for each requirement not yet held in the cycle under way, when the cycle
    /// ends within <see cref="LifeOptions.ReminderLead"/>, once per activity and cycle.
    /// </summary>
    private ImmutableArray<LifeNotice> DueNotices(ImmutableArray<LifeRequirement> requirements, DateTimeOffset now)
    {
        var lead = _options.ReminderLead;
        if (lead <= TimeSpan.Zero)
        {
            return [];
        }

        var due = ImmutableArray.CreateBuilder<LifeNotice>();
        foreach (var requirement in requirements)
        {
            var cycle = LifeRules.CycleAt(requirement.Cadence, now);
            if (now < cycle.End - lead || HeldIn(requirement.Activity, cycle, State.Meetings)
                || State.Notices.Any(n => n.Activity == requirement.Activity && n.Cycle == cycle))
            {
                continue;
            }

            var end = cycle.End.ToOffset(CommitmentRules.ChinaOffset);
            due.Add(new LifeNotice(now, requirement.Activity, cycle, cycle.End,
                $"{requirement.Activity.ChineseName()}尚未召开：{cycle} 周期于 {end.AddDays(-1):yyyy-MM-dd} 结束。" +
                $"The {WireNames<LifeActivity>.Name(requirement.Activity)} required {WireNames<LifeCadence>.Name(requirement.Cadence)} has not been held with quorum in {cycle}, which ends at {end:yyyy-MM-dd HH:mm} (UTC+8)."));
        }

        return due.ToImmutable();
    }

    /// <summary>meetingsRequired: the requirements; meetingsHeld: those held with quorum in the cycle of their cadence under way at <paramref name="now"/>.</summary>
    private static RollupCounters Count(ImmutableArray<LifeRequirement> requirements, ImmutableArray<MeetingSummary> meetings, DateTimeOffset now) =>
        requirements.IsEmpty ? RollupCounters.Zero : RollupCounters.From(
            (Metric.MeetingsRequired, requirements.Length),
            (Metric.MeetingsHeld, requirements.Count(r => HeldIn(r.Activity, LifeRules.CycleAt(r.Cadence, now), meetings))));

    private static bool HeldIn(LifeActivity activity, ReportPeriod cycle, ImmutableArray<MeetingSummary> meetings) =>
        meetings.Any(m => m.Counts && m.Type == activity && InPeriod(m.Date, cycle));

    private static bool InPeriod(DateOnly date, ReportPeriod period)
    {
        var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), CommitmentRules.ChinaOffset);
        return start >= period.Start && start < period.End;
    }

    /// <summary>The requirements of the organization's kind by the closest template naming it (its own, then up the tree), else the defaults.</summary>
    private async Task<(ImmutableArray<LifeRequirement> Requirements, string? DefinedAt)> ResolveAsync(OrganizationDetails details)
    {
        if (State.Template?.For(details.Kind) is { } own)
        {
            return (own, Id);
        }

        var current = details.ParentId;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if ((await GrainFactory.GetGrain<IOrganizationLifeGrain>(current).GetOwnTemplate())?.For(details.Kind) is { } inherited)
            {
                return (inherited, current);
            }

            current = await GrainFactory.GetGrain<IRollupNode>(current).GetParentId();
        }

        return (_options.DefaultsFor(details.Kind), null);
    }

    /// <summary>The organization's own members now counted (probationary or full, of record here), each asked.</summary>
    private async Task<HashSet<string>> CountedMembersAsync()
    {
        var ids = await GrainFactory.GetGrain<IOrganizationGrain>(Id).GetMembersOfRecord();
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(_options.SweepParallelism))
        {
            foreach (var member in await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IMemberGrain>(id).GetDetails())))
            {
                if (member is not null && member.Status.IsCounted() && member.OrgId == Id)
                {
                    counted.Add(member.Id);
                }
            }
        }

        return counted;
    }

    private async Task<OrganizationDetails> RequireOrganizationAsync() =>
        await GrainFactory.GetGrain<IOrganizationGrain>(Id).GetDetails()
            ?? throw new DomainException(DomainErrorKind.NotFound, DomainErrors.OrgNotFound, $"Organization '{Id}' does not exist.");

    /// <summary>Sends the contribution of <paramref name="next"/> when <paramref name="send"/>, then commits; restores the committed one if the write fails.</summary>
    private async Task CommitAsync(LifeState next, bool send)
    {
        var version = State.Version + 1;
        next.Version = version;
        _busy = true;
        try
        {
            if (send)
            {
                await Node().ApplyContribution(new Contribution(Source, next.Counters, SourceTies.None, version));
            }

            var committed = State;
            store.State = next;
            try
            {
                await store.WriteStateAsync();
            }
            catch
            {
                store.State = committed;

                // Whether the write landed is unknown: read the store again on the next call.
                DeactivateOnIdle();
                if (send)
                {
                    await RestoreAsync(new Contribution(Source, committed.Counters, SourceTies.None, version));
                }

                throw;
            }

            _template = State.Template;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RestoreAsync(Contribution committed)
    {
        try
        {
            await Node().ApplyContribution(committed);
        }
        catch (Exception exception)
        {
            // The organization's reconciliation asks this grain again.
            logger.LogWarning(exception, "Organizational life of {OrgId} could not restore its contribution.", Id);
        }
    }

    private IRollupNode Node() => GrainFactory.GetGrain<IRollupNode>(Id);

    private IMeetingGrain Meeting(string meetingId) => GrainFactory.GetGrain<IMeetingGrain>(meetingId);
}
