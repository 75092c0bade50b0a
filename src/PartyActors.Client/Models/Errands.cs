namespace PartyActors.Client;

/// <summary>The categories of an errand (the wire names).</summary>
public static class ErrandCategories
{
    /// <summary>Social insurance (社保).</summary>
    public const string SocialInsurance = "social-insurance";

    /// <summary>Certificates and proofs (证明、证照).</summary>
    public const string Certificates = "certificates";

    /// <summary>Subsidies and allowances (补贴).</summary>
    public const string Subsidies = "subsidies";

    /// <summary>Medical matters (医保报销).</summary>
    public const string Medical = "medical";

    public const string Other = "other";
}

/// <summary>Where an errand stands (<c>status</c>), and the lists' filters (<c>?status=</c>).</summary>
public static class ErrandStatuses
{
    /// <summary>As a status: taken, not yet done. As a filter: overdue ones included.</summary>
    public const string Open = "open";

    public const string Done = "done";

    /// <summary>Withdrawn: counted neither open nor done.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A filter only: open past the deadline.</summary>
    public const string Overdue = "overdue";
}

/// <summary>The resident an errand is run for; the phone is read masked.</summary>
public sealed record ErrandResident(string Name, string? Phone = null);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/errands</c>.</summary>
/// <param name="Category">One of <see cref="ErrandCategories"/>.</param>
/// <param name="CadreMemberId">The cadre who runs it: a member of record in the organization's subtree.</param>
public sealed record TakeErrand(ErrandResident Resident, string Category, string Description, string CadreMemberId);

/// <summary>The answer to taking an errand: its id and deadline.</summary>
public sealed record ErrandTaken(string Id, DateTimeOffset DueAt);

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/done</c>; <paramref name="DoneAt"/> null is now.</summary>
public sealed record CompleteErrand(string Note, DateTimeOffset? DoneAt = null);

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/reassign</c>.</summary>
public sealed record ReassignErrand(string CadreMemberId, string? Reason = null);

/// <summary>The body of <c>POST /api/v1/errands/{errandId}/cancel</c>.</summary>
public sealed record CancelErrand(string Reason);

/// <summary>A hand-over to another cadre.</summary>
public sealed record ErrandReassignment(DateTimeOffset At, string FromMemberId, string ToMemberId, string? Reason, string By);

/// <summary>A move to another organization (a merge or split of communities).</summary>
public sealed record ErrandRelocation(DateTimeOffset At, string FromOrgId, string ToOrgId);

/// <summary>An errand as <c>GET /api/v1/errands/{errandId}</c> answers it.</summary>
/// <param name="OrgId">Where it is counted.</param>
/// <param name="Status">One of <see cref="ErrandStatuses.Open"/>, <see cref="ErrandStatuses.Done"/>, <see cref="ErrandStatuses.Cancelled"/>.</param>
public sealed record Errand(
    string Id,
    string OrgId,
    string TakenAtOrgId,
    ErrandResident Resident,
    string Category,
    string Description,
    string CadreMemberId,
    string Status,
    DateTimeOffset TakenAt,
    string TakenBy,
    RequestSlaTerm Sla,
    DateTimeOffset DueAt,
    bool Overdue,
    bool Late,
    DateTimeOffset? DoneAt,
    string? DoneBy,
    string? DoneNote,
    DateTimeOffset? CancelledAt,
    string? CancelledBy,
    string? CancelReason,
    IReadOnlyList<ErrandReassignment>? Reassignments,
    IReadOnlyList<ErrandRelocation>? Relocations)
{
    public IReadOnlyList<ErrandReassignment> Reassignments { get; init; } = Reassignments ?? [];

    public IReadOnlyList<ErrandRelocation> Relocations { get; init; } = Relocations ?? [];
}

/// <summary>An errand as a list shows it.</summary>
public sealed record ErrandEntry(
    string Id,
    string OrgId,
    string CadreMemberId,
    string Category,
    string ResidentName,
    string Status,
    bool Overdue,
    bool Late,
    DateTimeOffset TakenAt,
    DateTimeOffset DueAt,
    DateTimeOffset? DoneAt);

/// <summary>A page of an organization's or a cadre's errands; <paramref name="Next"/> asks for the next page (null: the last).</summary>
public sealed record ErrandPage(string? OrgId, string? MemberId, string? Status, IReadOnlyList<ErrandEntry>? Items, string? Next)
{
    public IReadOnlyList<ErrandEntry> Items { get; init; } = Items ?? [];
}
