namespace PartyActors.Grains;

/// <summary>
/// The counters of a roll-up, each over an organization's whole subtree (api.md, "Rollup"). The
/// numeric values index <see cref="RollupCounters"/>; append new metrics at the end.
/// </summary>
[GenerateSerializer, Alias("PartyActors.Metric")]
public enum Metric
{
    /// <summary>Organizations in the subtree, the organization itself included.</summary>
    Orgs,

    /// <summary>Members with status probationary or full whose organization of record is in the subtree.</summary>
    Members,

    /// <summary>Of <see cref="Members"/>, status probationary (预备党员).</summary>
    Probationary,

    /// <summary>Of <see cref="Members"/>, category in-service (在职).</summary>
    InService,

    /// <summary>Of <see cref="InService"/>, currently reported in somewhere (双报到).</summary>
    ReportedIn,

    /// <summary>Probationary or full members, wherever their organization of record is, reported in to a grid in the subtree.</summary>
    ReportedHere,

    /// <summary>Points ever awarded (deductions included) to members whose organization of record is in the subtree.</summary>
    Points,

    /// <summary>Minutes of completed service on projects published in the subtree.</summary>
    VolunteerMinutes,

    /// <summary>Projects published in the subtree and still open.</summary>
    ProjectsOpen,

    /// <summary>Claims completed on projects published in the subtree.</summary>
    ClaimsCompleted,

    /// <summary>Residents' requests filed in the subtree and not closed.</summary>
    RequestsOpen,

    /// <summary>Of <see cref="RequestsOpen"/>, past their deadline.</summary>
    RequestsOverdue,

    /// <summary>Residents' requests filed in the subtree and closed.</summary>
    RequestsClosed,

    /// <summary>Sum of satisfaction ratings given when requests in the subtree were closed.</summary>
    SatisfactionSum,

    /// <summary>Number of those ratings.</summary>
    SatisfactionCount,

    /// <summary>Commitments (承诺) of owners in the subtree still open.</summary>
    CommitmentsOpen,

    /// <summary>Commitments of owners in the subtree done (践诺).</summary>
    CommitmentsDone,

    /// <summary>Of <see cref="CommitmentsOpen"/>, past their due date.</summary>
    CommitmentsOverdue,

    /// <summary>Organizational-life activities (三会一课) required in the current cycle.</summary>
    MeetingsRequired,

    /// <summary>Of those, held with quorum.</summary>
    MeetingsHeld,

    /// <summary>Residents' errands (全程代办) taken at organizations in the subtree and not done.</summary>
    ErrandsOpen,

    /// <summary>Of <see cref="ErrandsOpen"/>, past their deadline.</summary>
    ErrandsOverdue,

    /// <summary>Errands taken in the subtree and done.</summary>
    ErrandsDone,

    /// <summary>Items of co-building agreements (共驻共建) of communities in the subtree still open.</summary>
    AgreementItemsOpen,

    /// <summary>Of <see cref="AgreementItemsOpen"/>, past their deadline.</summary>
    AgreementItemsOverdue,

    /// <summary>Items of co-building agreements in the subtree done.</summary>
    AgreementItemsDone,

    /// <summary>Rewards redeemed for points (积分兑换) at communities in the subtree.</summary>
    Redemptions,

    /// <summary>Points spent on those redemptions.</summary>
    PointsRedeemed,
}

/// <summary>The wire names of <see cref="Metric"/> (camelCase, as api.md spells them).</summary>
public static class Metrics
{
    private static readonly string[] Names =
    [
        "orgs", "members", "probationary", "inService", "reportedIn", "reportedHere", "points", "volunteerMinutes",
        "projectsOpen", "claimsCompleted", "requestsOpen", "requestsOverdue", "requestsClosed", "satisfactionSum",
        "satisfactionCount", "commitmentsOpen", "commitmentsDone", "commitmentsOverdue", "meetingsRequired", "meetingsHeld",
        "errandsOpen", "errandsOverdue", "errandsDone", "agreementItemsOpen", "agreementItemsOverdue", "agreementItemsDone",
        "redemptions", "pointsRedeemed",
    ];

    private static readonly Dictionary<string, Metric> ByName =
        Enumerable.Range(0, Names.Length).ToDictionary(i => Names[i], i => (Metric)i, StringComparer.Ordinal);

    /// <summary>How many metrics there are.</summary>
    public static int Count => Names.Length;

    /// <summary>Every metric, in order.</summary>
    public static IEnumerable<Metric> All => Enumerable.Range(0, Names.Length).Select(i => (Metric)i);

    public static string WireName(this Metric metric) => Names[(int)metric];

    public static bool TryParse(string? name, out Metric metric)
    {
        if (name is not null && ByName.TryGetValue(name, out metric))
        {
            return true;
        }

        metric = default;
        return false;
    }
}
