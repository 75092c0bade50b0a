using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The rules of organizational life, shared by the grains and the HTTP layer: cycles in China
/// Standard Time, what a template and a meeting must keep, and the stable error codes.
/// </summary>
public static class LifeRules
{
    public const int MaxMinutesLength = 20_000;
    public const int MaxTopicLength = 200;
    public const int MaxAttendees = 2_000;

    /// <summary>More requirements for one kind than activities there are would repeat one.</summary>
    public const int MaxRequirementsPerKind = 7;

    /// <summary>An attendee is not a probationary or full member of record of the organization.</summary>
    public const string NotAMember = "attendee-not-member";

    /// <summary>A meeting id names another meeting (another organization, type, date or attendees).</summary>
    public const string MeetingExists = "meeting-exists";

    public const string MeetingNotFound = "meeting-not-found";

    /// <summary>The Chinese name of an activity, for notices.</summary>
    public static string ChineseName(this LifeActivity activity) => activity switch
    {
        LifeActivity.MemberMeeting => "支部党员大会",
        LifeActivity.CommitteeMeeting => "支委会",
        LifeActivity.GroupMeeting => "党小组会",
        LifeActivity.PartyLesson => "党课",
        LifeActivity.DemocraticLifeMeeting => "组织生活会",
        LifeActivity.DemocraticAppraisal => "民主评议党员",
        LifeActivity.PartyDay => "主题党日",
        _ => activity.ToString(),
    };

    /// <summary>The cycles of <paramref name="cadence"/>: months, quarters or years.</summary>
    public static PeriodGranularity Granularity(this LifeCadence cadence) => cadence switch
    {
        LifeCadence.Monthly => PeriodGranularity.Month,
        LifeCadence.Quarterly => PeriodGranularity.Quarter,
        _ => PeriodGranularity.Year,
    };

    /// <summary>The cycle of <paramref name="cadence"/> under way at <paramref name="now"/>.</summary>
    public static ReportPeriod CycleAt(LifeCadence cadence, DateTimeOffset now) => ReportPeriod.Containing(cadence.Granularity(), now);

    /// <summary>The cycle of <paramref name="cadence"/> a meeting held on <paramref name="date"/> (a day in China) belongs to.</summary>
    public static ReportPeriod CycleOf(LifeCadence cadence, DateOnly date) =>
        ReportPeriod.Containing(cadence.Granularity(), new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), CommitmentRules.ChinaOffset));

    /// <summary>
    /// The cadence a meeting of <paramref name="type"/> is dated against: the one a requirement of
    /// <paramref name="requirements"/> gives it, else monthly (a meeting nobody requires).
    /// </summary>
    public static LifeCadence DatingCadence(LifeActivity type, IEnumerable<LifeRequirement> requirements) =>
        requirements.Where(r => r.Activity == type).Select(r => (LifeCadence?)r.Cadence).Max() ?? LifeCadence.Monthly;

    /// <summary>
    /// Why a meeting's date is refused, or null: not after today in China, and within the cycle of
    /// <paramref name="cadence"/> under way or the one before it (a meeting held at the end of a
    /// cycle may be recorded early in the next; older cycles are closed).
    /// </summary>
    public static string? CheckDate(DateOnly? date, LifeCadence cadence, DateTimeOffset now)
    {
        if (date is not { } d)
        {
            return "'date' is required (a date, yyyy-MM-dd, China Standard Time).";
        }

        var today = CommitmentRules.Today(now);
        if (d > today)
        {
            return $"'date' must not be after today ({today:yyyy-MM-dd}, China Standard Time).";
        }

        var current = CycleAt(cadence, now);
        var earliest = CycleAt(cadence, current.Start.AddTicks(-1)).Start;
        var earliestDay = CommitmentRules.Today(earliest);
        return d < earliestDay
            ? $"'date' must be on or after {earliestDay:yyyy-MM-dd}: a meeting is recorded in its cycle ({WireNames<LifeCadence>.Name(cadence)}) or the next one."
            : null;
    }

    public static string? CheckMinutes(string? minutes) => TextRules.CheckRequired("minutes", minutes?.Trim(), MaxMinutesLength);

    public static string? CheckTopic(string? topic) =>
        topic is not null && (string.IsNullOrWhiteSpace(topic) || topic.Trim().Length > MaxTopicLength)
            ? $"'topic' must be 1 to {MaxTopicLength} characters when given."
            : null;

    /// <summary>Why the attendee list is refused (not its membership, which the grain checks), or null.</summary>
    public static string? CheckAttendees(IReadOnlyList<string?>? attendees)
    {
        if (attendees is null)
        {
            return "'attendees' is required: the member ids of those present (may be empty).";
        }

        if (attendees.Count > MaxAttendees)
        {
            return $"'attendees' may list at most {MaxAttendees} members.";
        }

        if (attendees.Any(a => !Ids.IsValid(a)))
        {
            return "Every attendee is a member id: " + Ids.Rule + ".";
        }

        return attendees.Distinct(StringComparer.Ordinal).Count() != attendees.Count ? "'attendees' names a member twice." : null;
    }

    /// <summary>The quorum: more than half of <paramref name="members"/> attended.</summary>
    public static MeetingQuorum Quorum(int attendees, int members)
    {
        var needed = (members / 2) + 1;
        return new MeetingQuorum(attendees, members, needed, members > 0 && attendees >= needed);
    }

    /// <summary>Why the template is refused, or null: known kinds, activities and cadences, each kind once, each activity once per kind.</summary>
    public static (string Field, string Message)? CheckTemplate(LifeTemplate? template)
    {
        if (template is null || template.Kinds.IsDefault)
        {
            return ("kinds", "'kinds' is required: a list of { kind, requirements: [ { activity, cadence } ] }.");
        }

        var kinds = new HashSet<OrganizationKind>();
        for (var i = 0; i < template.Kinds.Length; i++)
        {
            var entry = template.Kinds[i];
            if (entry is null || !Enum.IsDefined(entry.Kind))
            {
                return ($"kinds[{i}].kind", $"Use one of: {WireNames<OrganizationKind>.List}.");
            }

            if (!kinds.Add(entry.Kind))
            {
                return ($"kinds[{i}].kind", $"Kind '{WireNames<OrganizationKind>.Name(entry.Kind)}' is listed twice.");
            }

            var requirements = entry.Requirements.IsDefault ? [] : entry.Requirements;
            if (requirements.Length > MaxRequirementsPerKind)
            {
                return ($"kinds[{i}].requirements", $"At most {MaxRequirementsPerKind} requirements per kind.");
            }

            var activities = new HashSet<LifeActivity>();
            for (var j = 0; j < requirements.Length; j++)
            {
                var requirement = requirements[j];
                if (requirement is null || !Enum.IsDefined(requirement.Activity) || !Enum.IsDefined(requirement.Cadence))
                {
                    return ($"kinds[{i}].requirements[{j}]", $"Each requirement is {{ activity: {WireNames<LifeActivity>.List}; cadence: {WireNames<LifeCadence>.List} }}.");
                }

                if (!activities.Add(requirement.Activity))
                {
                    return ($"kinds[{i}].requirements[{j}].activity", $"Activity '{WireNames<LifeActivity>.Name(requirement.Activity)}' is required twice of one kind.");
                }
            }
        }

        return null;
    }

    /// <summary>Throws the template's first breach as a validation error.</summary>
    public static void Validate(LifeTemplate? template)
    {
        if (CheckTemplate(template) is { } breach)
        {
            throw DomainErrors.Invalid(breach.Field, breach.Message);
        }
    }

    /// <summary>
    /// Reads a list of requirements written <c>activity:cadence</c>, separated by commas (the form of
    /// the defaults in configuration), e.g. <c>member-meeting:quarterly, committee-meeting:monthly</c>.
    /// </summary>
    public static ImmutableArray<LifeRequirement> ParseRequirements(string? text)
    {
        var requirements = ImmutableArray.CreateBuilder<LifeRequirement>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !WireNames<LifeActivity>.TryParse(part[..colon].Trim(), out var activity)
                || !WireNames<LifeCadence>.TryParse(part[(colon + 1)..].Trim(), out var cadence))
            {
                throw new FormatException($"'{part}' is not 'activity:cadence' (activities: {WireNames<LifeActivity>.List}; cadences: {WireNames<LifeCadence>.List}).");
            }

            if (requirements.Any(r => r.Activity == activity))
            {
                throw new FormatException($"'{part}': the activity is listed twice.");
            }

            requirements.Add(new LifeRequirement(activity, cadence));
        }

        return requirements.ToImmutable();
    }
}
