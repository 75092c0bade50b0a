using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>What an organization keeps durable: its definition, its sources' contributions and its children's last snapshots.</summary>
internal sealed class OrganizationState
{
    public bool Exists { get; set; }

    public string Name { get; set; } = "";

    public OrganizationKind Kind { get; set; }

    public string? ParentId { get; set; }

    /// <summary>Each child's last snapshot (sequence 0 while none has arrived yet).</summary>
    public Dictionary<string, ChildEntry> Children { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What each source (by <see cref="SourceKey"/>) contributes to this organization's own counts.</summary>
    public Dictionary<string, SourceEntry> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sequence of the last roll-up published; only grows, and is durable before it is sent.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset AsOf { get; set; }

    /// <summary>The subtree total last published (with <see cref="Sequence"/>).</summary>
    [JsonConverter(typeof(SparseRollupCountersJsonConverter))]
    public RollupCounters Published { get; set; }

    /// <summary>
    /// True only when the record was written by a graceful deactivation. An activation that finds it
    /// false was cut short by a crash, and asks its sources what they contribute before trusting itself.
    /// </summary>
    public bool Clean { get; set; }
}

internal sealed class ChildEntry
{
    public long Sequence { get; set; }

    public DateTimeOffset AsOf { get; set; }

    public string Name { get; set; } = "";

    public OrganizationKind Kind { get; set; }

    [JsonConverter(typeof(SparseRollupCountersJsonConverter))]
    public RollupCounters Total { get; set; }
}

internal sealed class SourceEntry
{
    [JsonConverter(typeof(SparseRollupCountersJsonConverter))]
    public RollupCounters Counters { get; set; }

    public SourceTies Ties { get; set; }

    public long Version { get; set; }

    /// <summary>A member of record's points per month (<see cref="Contribution.Months"/>); null for other sources, and for members not yet reporting them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MonthlyPoints? Months { get; set; }

    /// <summary>A member of record's name, status and category (<see cref="Contribution.Card"/>); null for other sources, and for members stored before cards were sent until they are asked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MemberCard? Card { get; set; }
}
