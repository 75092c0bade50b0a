using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Projects;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/projects</c>.</summary>
internal sealed record PublishProjectRequest(string? Title, string? Kind, int? Quota, int? PointsPerHour = null, DateTimeOffset? ClosesAt = null) : IRequestBody
{
    public ProjectDefinition? Validate(string orgId, ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("title", ProjectRules.CheckTitle(Title?.Trim()));
        var kind = errors.ParseEnum<ProjectKind>("kind", Kind, required: true);
        errors.Check("quota", ProjectRules.CheckQuota(Quota));
        errors.Check("pointsPerHour", ProjectRules.CheckPointsPerHour(PointsPerHour));
        errors.Check("closesAt", ProjectRules.CheckClosesAt(ClosesAt, now));
        return errors.IsEmpty ? new ProjectDefinition(orgId, Title!.Trim(), kind!.Value, Quota!.Value, PointsPerHour, ClosesAt) : null;
    }
}

/// <summary>
/// The body of <c>POST /api/v1/projects/{projectId}/claims</c>: <c>{ memberId }</c> for one member
/// (the member itself, or a writer in scope), or <c>{ memberIds }</c> for several at once (writers
/// in scope only), all or none.
/// </summary>
internal sealed record ClaimRequest(string? MemberId = null, IReadOnlyList<string?>? MemberIds = null) : IRequestBody
{
    public ImmutableArray<string>? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if ((MemberId is null) == (MemberIds is null))
        {
            errors.Add(MemberId is null ? "memberId" : "memberIds", "Give either 'memberId' or 'memberIds'.");
            return null;
        }

        if (MemberId is not null)
        {
            errors.CheckId("memberId", MemberId, required: true);
            return errors.IsEmpty ? [MemberId] : null;
        }

        if (MemberIds!.Count is 0 or > ProjectRules.MaxClaimsAtOnce || MemberIds.Distinct(StringComparer.Ordinal).Count() != MemberIds.Count)
        {
            errors.Add("memberIds", $"1 to {ProjectRules.MaxClaimsAtOnce} distinct member ids.");
        }
        else if (MemberIds.Any(id => !Ids.IsValid(id)))
        {
            errors.Add("memberIds", "Ids are " + Ids.Rule + ".");
        }

        return errors.IsEmpty ? [.. MemberIds.Select(id => id!)] : null;
    }
}

/// <summary>The body of <c>POST /api/v1/projects/{projectId}/claims/{claimId}/complete</c>.</summary>
internal sealed record CompleteClaimRequest(int? Minutes) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/projects/{projectId}/claims/{claimId}/rating</c>.</summary>
internal sealed record RateClaimRequest(int? Stars) : IRequestBody;

/// <summary>The answer to a create: the new resource's id.</summary>
internal sealed record CreatedId(string Id);

/// <summary>The answer to claims made for several members at once, in the order asked.</summary>
internal sealed record CreatedIds(ImmutableArray<string> Ids);

/// <summary>An organization's projects.</summary>
internal sealed record ProjectList(ImmutableArray<ProjectDetails> Items);
