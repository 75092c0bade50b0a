namespace PartyActors.Grains;

/// <summary>What the tree grain keeps durable: the ids ever placed as roots.</summary>
internal sealed class OrganizationTreeState
{
    /// <summary>
    /// Every id placed without a parent, recorded before the placement: a superset of the roots
    /// (an id that failed to place, or was since moved under a parent or dissolved, stays listed and
    /// is filtered when read). A district has one; the list grows only with new roots.
    /// </summary>
    public SortedSet<string> Roots { get; set; } = new(StringComparer.Ordinal);
}
