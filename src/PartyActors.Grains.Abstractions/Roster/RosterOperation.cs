namespace PartyActors.Grains;

/// <summary>
/// What one line of a roster batch asks for. Every operation is an absolute upsert or leave of one
/// entity, so applying it again gives the same result: that is what lets a batch resume after a crash.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterOperation")]
public abstract record RosterOperation([property: Id(0)] string Id);

/// <summary><c>upsert-org</c>: creates, renames or moves an organization.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.UpsertOrganization")]
public sealed record UpsertOrganization(string Id, [property: Id(0)] OrganizationDefinition Definition) : RosterOperation(Id);

/// <summary>
/// <c>upsert-member</c>: creates or replaces a member's profile (a new organization is a transfer).
/// A changed status must be a step of the pipeline unless the line is an admin's
/// <paramref name="Correction"/>, which gives its <paramref name="Reason"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.UpsertMember")]
public sealed record UpsertMember(
    string Id,
    [property: Id(0)] MemberProfile Profile,
    [property: Id(1)] bool Correction = false,
    [property: Id(2)] string? Reason = null) : RosterOperation(Id);

/// <summary><c>remove-member</c>: the member leaves.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RemoveMember")]
public sealed record RemoveMember(string Id) : RosterOperation(Id);

/// <summary>
/// <c>report-in</c>: the member (<see cref="RosterOperation.Id"/>, the line's <c>memberId</c>) is
/// reported in to a grid and its community (双报到); a report to another grid moves it, one to the
/// same grid changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ReportMemberIn")]
public sealed record ReportMemberIn(string Id, [property: Id(0)] string GridId) : RosterOperation(Id);

/// <summary><c>withdraw-report-in</c>: the member (the line's <c>memberId</c>) withdraws its report-in; none to withdraw changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.WithdrawMemberReportIn")]
public sealed record WithdrawMemberReportIn(string Id) : RosterOperation(Id);

/// <summary>
/// <c>upsert-commitment</c>: a commitment (承诺) of a member or an organization, known by the key
/// the pushing system gives it (<see cref="RosterOperation.Id"/>, the line's <c>id</c>). The
/// commitment's own id is derived from its owner and that key (<see cref="CommitmentImport.IdFor"/>),
/// so a line applied again finds the commitment the first application made.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.UpsertCommitment")]
public sealed record UpsertCommitment(string Id, [property: Id(0)] CommitmentImport Commitment) : RosterOperation(Id);

/// <summary>The <c>op</c> names of a roster line.</summary>
public static class RosterOps
{
    public const string UpsertOrganization = "upsert-org";
    public const string UpsertMember = "upsert-member";
    public const string RemoveMember = "remove-member";
    public const string ReportIn = "report-in";
    public const string WithdrawReportIn = "withdraw-report-in";
    public const string UpsertCommitment = "upsert-commitment";

    /// <summary>Every op, for messages.</summary>
    public static readonly string List = string.Join(", ", UpsertOrganization, UpsertMember, RemoveMember, ReportIn, WithdrawReportIn, UpsertCommitment);
}
