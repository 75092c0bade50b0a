using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>Where an organization is reported in (双报到): a community (or a village), since when.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationReportIn")]
public sealed record OrganizationReportIn([property: Id(0)] string CommunityId, [property: Id(1)] DateTimeOffset At);

/// <summary>One stretch of an organization's report-in: reported in at <see cref="From"/>, moved or withdrawn at <see cref="To"/> (null: still).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationReportInPeriod")]
public sealed record OrganizationReportInPeriod([property: Id(0)] string CommunityId, [property: Id(1)] DateTimeOffset From, [property: Id(2)] DateTimeOffset? To);

/// <summary>An organization's report-in now and its history, oldest first (the current one last, open-ended).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.OrganizationReportInHistory")]
public sealed record OrganizationReportInHistory(
    [property: Id(0)] string OrgId,
    [property: Id(1)] OrganizationReportIn? Current,
    [property: Id(2)] ImmutableArray<OrganizationReportInPeriod> History);
