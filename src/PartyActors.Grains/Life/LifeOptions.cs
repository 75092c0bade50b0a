using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>How organizational life is required, reminded and swept (docs/organizational-life.md). Section <c>Life</c>.</summary>
public sealed class LifeOptions
{
    public const string Section = "Life";

    private const string Branch =
        "member-meeting:quarterly, committee-meeting:monthly, party-lesson:quarterly, democratic-life-meeting:yearly, democratic-appraisal:yearly";

    private const string Committee = "committee-meeting:monthly, party-lesson:quarterly, democratic-life-meeting:yearly";

    /// <summary>
    /// The activities required of each kind of organization where no template up the tree names the
    /// kind, as <c>activity:cadence</c> lists (configuration may replace any kind's). The defaults
    /// follow 三会一课 as the branch work regulations (《中国共产党支部工作条例》) set it:
    /// <list type="bullet">
    /// <item>Branches (支部), joint branches, and the units' organizations (agency, institution,
    /// enterprise, social-org, temporary, village: in practice a branch each): a member meeting
    /// (支部党员大会) a quarter, a committee meeting (支委会) a month, a Party lesson a quarter, an
    /// organizational life meeting (组织生活会) and the democratic appraisal of members (民主评议党员) a year.</item>
    /// <item>Grids: the same, because a grid here stands for its grid Party branch (网格党支部),
    /// which holds its members' membership (the demo district records most members at grids).</item>
    /// <item>General branches (总支), committees (基层党委) and communities (社区党委, a committee): a
    /// committee meeting a month, a Party lesson a quarter, a democratic life meeting a year.</item>
    /// <item>Party groups (党小组): a group meeting (党小组会) a month.</item>
    /// <item>Districts, streets and townships: none; they lead, and their own leading bodies' meetings are not tracked here.</item>
    /// </list>
    /// </summary>
    public Dictionary<OrganizationKind, string> Defaults { get; } = new()
    {
        [OrganizationKind.District] = "",
        [OrganizationKind.Street] = "",
        [OrganizationKind.Township] = "",
        [OrganizationKind.Community] = Committee,
        [OrganizationKind.Village] = Branch,
        [OrganizationKind.Grid] = Branch,
        [OrganizationKind.Committee] = Committee,
        [OrganizationKind.GeneralBranch] = Committee,
        [OrganizationKind.Branch] = Branch,
        [OrganizationKind.PartyGroup] = "group-meeting:monthly",
        [OrganizationKind.Agency] = Branch,
        [OrganizationKind.Institution] = Branch,
        [OrganizationKind.Enterprise] = Branch,
        [OrganizationKind.SocialOrg] = Branch,
        [OrganizationKind.JointBranch] = Branch,
        [OrganizationKind.Temporary] = Branch,
    };

    /// <summary>
    /// How long before a cycle ends an organization that has not yet held a required activity in it
    /// gets a reminder (a notice on the organization and a log line): 7 days, a week to call the
    /// meeting. Zero sends none. At most 27 days (a month's cycle must begin before its reminder).
    /// </summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Organizations refreshed at once while a sweep or a template change walks the tree: 64, as the periodic reports' sweep.</summary>
    public int SweepParallelism { get; set; } = 64;

    /// <summary>How long a sweep waits before walking again after a walk in which some organization could not be refreshed: 1 minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The period of the schedule's reminder once it has ticked: 1 hour. It is registered again for the
    /// next checkpoint when a sweep completes; until then (a sweep that fails, a silo that stops) it
    /// ticks this often and each tick resumes.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The reminders an organization keeps, newest first: 100 (a branch gets about 20 a year if it holds nothing).</summary>
    public int MaxNotices { get; set; } = 100;

    /// <summary>The required activities of <paramref name="kind"/> by <see cref="Defaults"/>.</summary>
    public ImmutableArray<LifeRequirement> DefaultsFor(OrganizationKind kind) =>
        Defaults.TryGetValue(kind, out var text) ? LifeRules.ParseRequirements(text) : [];

    /// <summary>Checks the values; throws on nonsense.</summary>
    public void Validate()
    {
        foreach (var (kind, text) in Defaults)
        {
            try
            {
                LifeRules.ParseRequirements(text);
            }
            catch (FormatException exception)
            {
                throw new ArgumentException($"Life:Defaults:{kind}: {exception.Message}", nameof(Defaults), exception);
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReminderLead, TimeSpan.Zero, nameof(ReminderLead));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReminderLead, TimeSpan.FromDays(27), nameof(ReminderLead));
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepParallelism, 1, nameof(SweepParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReminderPeriod, TimeSpan.Zero, nameof(ReminderPeriod));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNotices, 1, nameof(MaxNotices));
    }
}
