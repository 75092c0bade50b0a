namespace PartyActors.Grains;

/// <summary>Where an organization stands relative to a caller's subtree.</summary>
internal enum RosterReach
{
    /// <summary>The organization is the caller's scope root or below it.</summary>
    Inside,

    /// <summary>The organization exists outside the caller's subtree.</summary>
    Outside,

    /// <summary>The organization does not exist (yet): the domain will say so, not the scope.</summary>
    Unknown,
}

/// <summary>
/// Answers whether organizations lie in a caller's subtree by walking their parents
/// (<see cref="IRollupNode.GetParentId"/>, an interleaving read), and remembers every organization on
/// each chain it walked. The answers cannot go stale within a batch: a line may change an organization
/// only when it and its new parent are both inside, so no line of the batch moves anything across the
/// scope's border.
/// </summary>
internal sealed class RosterScope(IGrainFactory grains, RosterCaller caller)
{
    /// <summary>Longer chains than this mean a damaged tree, not a deep one.</summary>
    private const int MaxDepth = 1_000;

    private readonly Dictionary<string, bool> _inside = new(StringComparer.Ordinal);

    /// <summary>Whether the caller reaches every organization (an admin).</summary>
    public bool IsUnlimited => caller.IsAdmin;

    public async Task<RosterReach> ReachAsync(string orgId)
    {
        if (IsUnlimited)
        {
            return RosterReach.Inside;
        }

        if (caller.OrgScope is not { } root)
        {
            return RosterReach.Outside;
        }

        var chain = new List<string>();
        bool inside;
        var id = orgId;
        while (true)
        {
            if (string.Equals(id, root, StringComparison.Ordinal))
            {
                inside = true;
                break;
            }

            if (_inside.TryGetValue(id, out inside))
            {
                break;
            }

            chain.Add(id);
            if (chain.Count > MaxDepth)
            {
                throw new InvalidOperationException($"The ancestors of '{orgId}' do not end: the stored tree is damaged.");
            }

            var parent = await grains.GetGrain<IRollupNode>(id).GetParentId();
            if (parent is null)
            {
                // A root, or nothing at all: only the first of the chain can be missing (a child names an existing parent).
                if (chain.Count == 1 && !(await grains.GetGrain<IRollupNode>(id).GetChildRollup()).Exists)
                {
                    return RosterReach.Unknown;
                }

                inside = false;
                break;
            }

            id = parent;
        }

        foreach (var walked in chain)
        {
            _inside[walked] = inside;
        }

        return inside ? RosterReach.Inside : RosterReach.Outside;
    }

    /// <summary>Records that an organization just created under a parent inside the scope is inside too.</summary>
    public void LearnInside(string orgId)
    {
        if (!IsUnlimited)
        {
            _inside[orgId] = true;
        }
    }
}
