using System.Collections.ObjectModel;

namespace PartyActors.Client;

/// <summary>
/// An organization's figures over its whole subtree, as <c>GET …/rollup</c> and the roll-up stream
/// send them. <see cref="Metrics"/> is a dictionary rather than fixed properties so that metrics the
/// server adds later reach callers without a new client.
/// </summary>
/// <param name="Version">Grows with every change the organization publishes.</param>
/// <param name="AsOf">When the organization published this roll-up.</param>
/// <param name="Metrics">Integer counters by name; <see cref="RollupMetrics"/> names the ones api.md promises.</param>
public sealed record Rollup(string OrgId, DateTimeOffset AsOf, long Version, IReadOnlyDictionary<string, long>? Metrics = null)
{
    // A body that leaves the dictionary out reads as no metrics rather than as a null callers must check.
    public IReadOnlyDictionary<string, long> Metrics { get; init; } = Metrics ?? ReadOnlyDictionary<string, long>.Empty;

    /// <summary>The counter's value, or 0 when the server did not send it.</summary>
    public long Metric(string name) => Metrics.TryGetValue(name, out var value) ? value : 0;
}

/// <summary>
/// One <c>rollup</c> event of the roll-up stream: the parsed roll-up and the event's data exactly as
/// the server sent it, for callers that pass it on (logs, <c>partyactors watch --json</c>).
/// </summary>
/// <param name="Data">The event's data: the roll-up's JSON text.</param>
/// <param name="EventId">
/// The stream's last event id as a browser's EventSource reports it: the latest <c>id:</c> field
/// sent so far, kept across events until the server sends another; null while there has been none.
/// </param>
public sealed record RollupEvent(Rollup Rollup, string Data, string? EventId);

/// <summary>The metric names api.md promises in every roll-up.</summary>
public static class RollupMetrics
{
    public const string Orgs = "orgs";
    public const string Members = "members";
    public const string Probationary = "probationary";
    public const string InService = "inService";

    /// <summary>In-service members currently reported in somewhere (双报到).</summary>
    public const string ReportedIn = "reportedIn";

    /// <summary>Members reported in to a grid in the subtree, wherever their organization of record is.</summary>
    public const string ReportedHere = "reportedHere";

    public const string Points = "points";
    public const string VolunteerMinutes = "volunteerMinutes";
    public const string ProjectsOpen = "projectsOpen";
    public const string ClaimsCompleted = "claimsCompleted";
    public const string RequestsOpen = "requestsOpen";
    public const string RequestsOverdue = "requestsOverdue";
    public const string RequestsClosed = "requestsClosed";
    public const string SatisfactionSum = "satisfactionSum";
    public const string SatisfactionCount = "satisfactionCount";
    public const string CommitmentsOpen = "commitmentsOpen";
    public const string CommitmentsDone = "commitmentsDone";
    public const string CommitmentsOverdue = "commitmentsOverdue";

    /// <summary>Organizational-life activities (组织生活) required in the current cycle.</summary>
    public const string MeetingsRequired = "meetingsRequired";

    public const string MeetingsHeld = "meetingsHeld";

    /// <summary>Residents' errands (全程代办) not yet done.</summary>
    public const string ErrandsOpen = "errandsOpen";

    public const string ErrandsOverdue = "errandsOverdue";
    public const string ErrandsDone = "errandsDone";

    /// <summary>Items of co-building agreements (共驻共建) still open.</summary>
    public const string AgreementItemsOpen = "agreementItemsOpen";

    public const string AgreementItemsOverdue = "agreementItemsOverdue";
    public const string AgreementItemsDone = "agreementItemsDone";

    /// <summary>Rewards redeemed for points (积分兑换).</summary>
    public const string Redemptions = "redemptions";

    public const string PointsRedeemed = "pointsRedeemed";
}
