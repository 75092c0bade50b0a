using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What may be split and merged (docs/reshaping.md), and the stable codes of the refusals.</summary>
public static class ReshapeRules
{
    /// <summary>No reshape has this id (404).</summary>
    public const string ReshapeNotFound = "reshape-not-found";

    /// <summary>Another reshape runs on one of the organizations (409).</summary>
    public const string ReshapeRunning = "reshape-running";

    /// <summary>The id was used for another order (409).</summary>
    public const string ReshapeExists = "reshape-exists";

    /// <summary>The organization is not a community or a village: grids are moved, other levels re-parented (422).</summary>
    public const string NotReshapable = "not-reshapable";

    /// <summary>A merge of organizations of different kinds (422).</summary>
    public const string KindMismatch = "kind-mismatch";

    /// <summary>One organization of a merge lies below the other, or a split's new parent lies in the split community (422).</summary>
    public const string Nested = "nested";

    /// <summary>The new community's id is taken (409).</summary>
    public const string OrgExists = "org-exists";

    /// <summary>A grid named by a split is not a child of the split community (422).</summary>
    public const string NotAChild = "not-a-child";

    /// <summary>A member named by a split is not of record at the split community (422).</summary>
    public const string NotOfRecord = "not-of-record";

    /// <summary>An item named by a split is not counted at the split community (422).</summary>
    public const string ItemNotHere = "item-not-here";

    /// <summary>A merge of an organization with itself (400).</summary>
    public const string SameOrg = "same-org";

    /// <summary>Most grids, members or items one split may name.</summary>
    public const int MaxNamed = 20_000;

    /// <summary>Communities and villages (社区, 村) are split and merged; grids move with them, other levels are re-parented.</summary>
    public static bool IsReshapable(OrganizationKind kind) => kind is OrganizationKind.Community or OrganizationKind.Village;

    /// <summary>
    /// The kinds of source that follow a community: every kind but a member (members are named one
    /// by one in a split, and all follow in a merge) and organizational life, which is the
    /// organization's own and stays with it.
    /// </summary>
    public static bool IsMovableItem(SourceKind kind) => kind is not (SourceKind.Member or SourceKind.OrganizationLife);

    /// <summary>Every kind of source a merge relocates: all but organizational life.</summary>
    public static ImmutableArray<SourceKind> RelocatedKinds { get; } =
        [.. Enum.GetValues<SourceKind>().Where(kind => kind != SourceKind.OrganizationLife)];
}
