using System.Collections.Immutable;
using System.Security.Cryptography;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Commitments;

/// <summary>The body of <c>POST /api/v1/members/{memberId}/commitments</c> and <c>POST /api/v1/orgs/{orgId}/commitments</c>.</summary>
internal sealed record MakeCommitmentRequest(string? Title, decimal? Target, string? Unit, DateOnly? DueOn) : IRequestBody
{
    /// <summary>The terms, or null with every breach recorded (<see cref="CommitmentRules"/>; today is the day in China at <paramref name="now"/>).</summary>
    public CommitmentTerms? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("title", CommitmentRules.CheckTitle(Title));
        errors.Check("target", CommitmentRules.CheckTarget(Target));
        errors.Check("unit", CommitmentRules.CheckUnit(Unit));
        errors.Check("dueOn", CommitmentRules.CheckDueOn(DueOn, now));
        return errors.IsEmpty ? new CommitmentTerms(Title!.Trim(), Target!.Value, Unit!.Trim(), DueOn!.Value) : null;
    }
}

/// <summary>The body of <c>POST /api/v1/commitments/{commitmentId}/progress</c>.</summary>
internal sealed record ReportProgressRequest(decimal? Amount, string? Note) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/commitments/{commitmentId}/reviews</c>: <c>by</c> is <c>leader</c> or <c>public</c>, <c>score</c> 1 to 5.</summary>
internal sealed record ReviewCommitmentRequest(string? By, int? Score, string? Note) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/supervision/{itemId}/close</c>.</summary>
internal sealed record CloseSupervisionRequest(string? Note) : IRequestBody;

/// <summary>The answer to making a commitment.</summary>
internal sealed record CommitmentCreated(string Id);

/// <summary>An organization's public list (公示) of its own and its members' commitments.</summary>
internal sealed record CommitmentList(string OrgId, ImmutableArray<CommitmentDetails> Items);

/// <summary>The open supervised-handling items (督办) of an organization's subtree.</summary>
internal sealed record SupervisionList(string OrgId, ImmutableArray<SupervisionItem> Items);

/// <summary>Commitment ids are made by the server: <c>c-</c> and 16 random hex digits.</summary>
internal static class CommitmentIds
{
    public static string New() => "c-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
