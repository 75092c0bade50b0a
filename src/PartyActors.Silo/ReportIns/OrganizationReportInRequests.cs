using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.ReportIns;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/report-in</c>: the community (or village) to report in to.</summary>
internal sealed record OrganizationReportInRequest(string? CommunityId) : IRequestBody;

/// <summary>An organization reported in to a community, as the community's list shows it: its name and kind now, reported in since <see cref="At"/>.</summary>
internal sealed record ReportedOrganization(string OrgId, string Name, OrganizationKind Kind, DateTimeOffset At);

/// <summary>A page of <c>GET /api/v1/orgs/{orgId}/reported-orgs</c>, by organization id; <see cref="Next"/> is the <c>after</c> of the next page (null: the last).</summary>
internal sealed record ReportedOrganizationsPage(string CommunityId, ImmutableArray<ReportedOrganization> Items, string? Next);
