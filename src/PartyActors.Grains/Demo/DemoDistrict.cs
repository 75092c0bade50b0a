using System.Collections.Immutable;

namespace PartyActors.Grains.Demo;

/// <summary>
/// A whole district of made-up but plausible data for demos, load tests and the embedded silo:
/// its organization tree, its members and who has reported in where (双报到: in-service members
/// report to the community they live in).
/// </summary>
/// <remarks>
/// The arrays compare by reference, as <see cref="ImmutableArray{T}"/> does, so two generations
/// from the same seed are equal element by element, not as records.
/// </remarks>
/// <param name="Organizations">Every organization, each parent before its children.</param>
/// <param name="Members">Every member, in id order.</param>
/// <param name="ReportIns">The members who have reported in, in member id order; not part of a roster.</param>
public sealed record DemoDistrict(
    ImmutableArray<DemoOrganization> Organizations,
    ImmutableArray<DemoMember> Members,
    ImmutableArray<DemoReportIn> ReportIns);

/// <summary>An organization of a <see cref="DemoDistrict"/>: its id and what a roster says it is.</summary>
public sealed record DemoOrganization(string Id, OrganizationDefinition Definition);

/// <summary>A member of a <see cref="DemoDistrict"/>: its id and profile.</summary>
public sealed record DemoMember(string Id, MemberProfile Profile);

/// <summary>A member reported in to a grid where they live (双报到).</summary>
public sealed record DemoReportIn(string MemberId, string GridId);
