using System.Text;
using System.Text.Json.Serialization;

namespace PartyActors.Client;

/// <summary>
/// The body of <c>PUT /api/v1/members/{memberId}</c>: the whole profile, since optional fields left
/// out are cleared. <see cref="Phone"/> and <see cref="IdNumber"/> are personal data (PIPL), so
/// <see cref="ToString"/> masks them and a logged request cannot leak them.
/// </summary>
/// <param name="Status">One of <see cref="MemberStatuses"/>.</param>
/// <param name="Category">One of <see cref="MemberCategories"/>.</param>
/// <param name="OrgId">The organization of record; a new one is a transfer (组织关系接转).</param>
/// <param name="ResidenceGridId">The grid the member lives in.</param>
/// <param name="Gender"><c>female</c> or <c>male</c>.</param>
/// <param name="Correction">
/// A status change past the pipeline by an admin (docs/member-status.md); needs <paramref name="Reason"/>.
/// Anyone else gets 403 <c>correction-not-allowed</c>.
/// </param>
/// <param name="Reason">Why the status changes, kept in the member's history.</param>
public sealed record PutMemberRequest(
    string Name,
    string Status,
    string Category,
    string OrgId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResidenceGridId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gender = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? BirthYear = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? JoinedOn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phone = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdNumber = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Skills = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Correction = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name)
            .Append(", Status = ").Append(Status)
            .Append(", Category = ").Append(Category)
            .Append(", OrgId = ").Append(OrgId)
            .Append(", ResidenceGridId = ").Append(ResidenceGridId)
            .Append(", Phone = ").Append(Phone is null ? null : "***")
            .Append(", IdNumber = ").Append(IdNumber is null ? null : "***");
        return true;
    }
}

/// <summary>
/// A member as <c>GET /api/v1/members/{memberId}</c> returns it, with <see cref="Phone"/> and
/// <see cref="IdNumber"/> already masked by the server (<c>138****5678</c>).
/// </summary>
/// <param name="ReportedIn">Where the member is reported in (双报到), or null.</param>
public sealed record Member(
    string Id,
    string Name,
    string Status,
    string Category,
    string OrgId,
    string? ResidenceGridId,
    string? Gender,
    int? BirthYear,
    DateOnly? JoinedOn,
    string? Phone,
    string? IdNumber,
    IReadOnlyList<string>? Skills,
    MemberReportIn? ReportedIn,
    MemberPoints? Points);

/// <summary>Where a member is reported in (双报到): a grid and its community, since when.</summary>
public sealed record MemberReportIn(string CommunityId, string GridId, DateTimeOffset At);

/// <summary>A member's points: all time, this month and this year.</summary>
public sealed record MemberPoints(long Total, long ThisMonth, long ThisYear);

/// <summary>The body of <c>POST /api/v1/members/{memberId}/report-in</c>.</summary>
public sealed record ReportInRequest(string GridId);

/// <summary>
/// The answer of <c>GET /api/v1/members/{memberId}/points</c>: entries newest first. <see cref="Total"/> is
/// the lifetime total (what roll-ups and rankings count, unchanged by spending); <see cref="Spent"/> what
/// was spent on rewards net of refunds; <see cref="Balance"/> what can still be spent.
/// </summary>
public sealed record PointsLedger(long Total, IReadOnlyList<PointsEntry>? Entries, long Balance = 0, long Spent = 0)
{
    public IReadOnlyList<PointsEntry> Entries { get; init; } = Entries ?? [];
}

/// <summary>One award or deduction in a member's points ledger.</summary>
public sealed record PointsEntry(string Id, long Points, string Reason, string? Source, DateTimeOffset At, string? SourceId = null);

/// <summary>
/// The body of <c>POST /api/v1/members/{memberId}/points</c>: a manual award (or, negative, a
/// deduction). <paramref name="SourceId"/> makes it idempotent: the same source id counts once.
/// </summary>
public sealed record PointsAward(long Points, string Reason, string SourceId);

/// <summary>Member statuses api.md lists, in pipeline order.</summary>
public static class MemberStatuses
{
    /// <summary>Applicant (申请人).</summary>
    public const string Applicant = "applicant";

    /// <summary>Activist (入党积极分子).</summary>
    public const string Activist = "activist";

    /// <summary>Development candidate (发展对象).</summary>
    public const string Candidate = "candidate";

    /// <summary>Probationary member (预备党员).</summary>
    public const string Probationary = "probationary";

    /// <summary>Full member (正式党员).</summary>
    public const string Full = "full";

    /// <summary>Transferred out of this system (转出).</summary>
    public const string Transferred = "transferred";

    public const string Left = "left";
}

/// <summary>Member categories api.md lists.</summary>
public static class MemberCategories
{
    /// <summary>In service (在职): reports in where they live (双报到).</summary>
    public const string InService = "in-service";

    /// <summary>Retired (离退休).</summary>
    public const string Retired = "retired";

    /// <summary>Floating (流动).</summary>
    public const string Floating = "floating";

    public const string Unemployed = "unemployed";
    public const string Student = "student";
    public const string Farmer = "farmer";
    public const string Other = "other";
}
