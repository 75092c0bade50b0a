using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Life;

/// <summary>One required activity in a template body: <c>{ activity, cadence }</c>.</summary>
internal sealed record RequirementRequest(string? Activity, string? Cadence);

/// <summary>What a template body requires of one kind: <c>{ kind, requirements: [...] }</c>; an empty list requires nothing of it.</summary>
internal sealed record KindRequirementsRequest(string? Kind, List<RequirementRequest?>? Requirements);

/// <summary>The body of <c>PUT /api/v1/orgs/{orgId}/life/template</c>.</summary>
internal sealed record PutLifeTemplateRequest(List<KindRequirementsRequest?>? Kinds) : IRequestBody
{
    /// <summary>The template, or null with every breach recorded (field names as <c>kinds[0].requirements[1].cadence</c>).</summary>
    public LifeTemplate? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Kinds is null)
        {
            errors.Add("kinds", "'kinds' is required: a list of { kind, requirements: [ { activity, cadence } ] }.");
            return null;
        }

        var kinds = ImmutableArray.CreateBuilder<KindRequirements>();
        for (var i = 0; i < Kinds.Count; i++)
        {
            var entry = Kinds[i];
            var field = $"kinds[{i}]";
            if (entry is null)
            {
                errors.Add(field, "Each entry is { kind, requirements }.");
                continue;
            }

            var kind = errors.ParseEnum<OrganizationKind>(field + ".kind", entry.Kind, required: true);
            if (entry.Requirements is null)
            {
                errors.Add(field + ".requirements", "'requirements' is required (an empty list requires nothing of the kind).");
                continue;
            }

            var requirements = ImmutableArray.CreateBuilder<LifeRequirement>();
            for (var j = 0; j < entry.Requirements.Count; j++)
            {
                var requirement = entry.Requirements[j];
                var at = $"{field}.requirements[{j}]";
                var activity = errors.ParseEnum<LifeActivity>(at + ".activity", requirement?.Activity, required: true);
                var cadence = errors.ParseEnum<LifeCadence>(at + ".cadence", requirement?.Cadence, required: true);
                if (activity is { } a && cadence is { } c)
                {
                    requirements.Add(new LifeRequirement(a, c));
                }
            }

            if (kind is { } k)
            {
                kinds.Add(new KindRequirements(k, requirements.ToImmutable()));
            }
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        var template = new LifeTemplate(kinds.ToImmutable());
        if (LifeRules.CheckTemplate(template) is { } breach)
        {
            errors.Add(breach.Field, breach.Message);
            return null;
        }

        return template;
    }
}

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/meetings</c>.</summary>
internal sealed record RecordMeetingRequest(string? Type, DateOnly? Date, List<string?>? Attendees, string? Minutes, string? Topic = null) : IRequestBody
{
    /// <summary>
    /// The draft, or null with every breach recorded. The date is checked against the widest window
    /// (the yearly cycle under way or the one before); the grain checks it against the cadence the
    /// organization's template gives the type.
    /// </summary>
    public MeetingDraft? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var type = errors.ParseEnum<LifeActivity>("type", Type, required: true);
        errors.Check("date", LifeRules.CheckDate(Date, LifeCadence.Yearly, now));
        errors.Check("attendees", LifeRules.CheckAttendees(Attendees));
        errors.Check("minutes", LifeRules.CheckMinutes(Minutes));
        errors.Check("topic", LifeRules.CheckTopic(Topic));
        return errors.IsEmpty
            ? new MeetingDraft(type!.Value, Date!.Value, [.. Attendees!.Select(a => a!)], Minutes!.Trim(), Topic?.Trim())
            : null;
    }
}

/// <summary>The template that applies at an organization: its own (null: it inherits), and what its kind requires and where that comes from (null: the defaults).</summary>
internal sealed record LifeTemplateView(
    string OrgId, OrganizationKind Kind, ImmutableArray<LifeRequirement> Requirements, string? DefinedAt, LifeTemplate? Own, int? Refreshed = null)
{
    public static LifeTemplateView Of(EffectiveLife life, int? refreshed = null) =>
        new(life.OrgId, life.Kind, life.Requirements, life.DefinedAt, life.Own, refreshed);
}

/// <summary>An organization's organizational life now: its requirements, its figures for the current cycles, its reminders.</summary>
internal sealed record LifeView(
    string OrgId,
    OrganizationKind Kind,
    ImmutableArray<LifeRequirement> Requirements,
    string? DefinedAt,
    long MeetingsRequired,
    long MeetingsHeld,
    DateTimeOffset? ChangedAt,
    ImmutableArray<LifeNotice> Notices);

/// <summary>One organization of a subtree that missed required activities in a period.</summary>
internal sealed record OrganizationCompliance(string OrgId, OrganizationKind Kind, int Required, int Held, int Missed);

/// <summary>
/// The organizations of a subtree that missed a required activity in a period (most missed first),
/// out of <see cref="Organizations"/> asked, <see cref="Compliant"/> of which missed none.
/// </summary>
internal sealed record SubtreeCompliance(string OrgId, ReportPeriod Period, int Organizations, int Compliant, ImmutableArray<OrganizationCompliance> Items);

/// <summary>A page of an organization's meetings, by date (ids begin with it).</summary>
internal sealed record MeetingPage(string OrgId, ReportPeriod? Period, ImmutableArray<MeetingSummary> Items, string? Next);

/// <summary>Meeting ids are made by the server: <c>mt-</c>, the meeting's date (so id order is date order), and 12 random hex digits.</summary>
internal static class MeetingIds
{
    public static string New(DateOnly date) =>
        "mt-" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
