using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// What every ledger grain does (<see cref="ILedgerGrain{TEntry, TFilter}"/>): keep each item's latest
/// entry by version, durable before it answers, and page through them in id order under a status
/// filter. A base class rather than one generic grain, so that each mechanism keeps its own grain type
/// and state name (part of stored keys); all of them store the same shape, <see cref="LedgerState{TEntry}"/>.
/// </summary>
internal abstract class LedgerGrain<TEntry, TFilter>(IPersistentState<LedgerState<TEntry>> store, TimeProvider time) : Grain, ILedgerGrain<TEntry, TFilter>
    where TEntry : class, ILedgerEntry<TFilter>
    where TFilter : struct, Enum
{
    public async Task Record(TEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (store.State.Entries.TryGetValue(entry.Id, out var held) && held.Version >= entry.Version)
        {
            return;
        }

        store.State.Entries[entry.Id] = entry;
        await store.WriteOrDeactivateAsync(this);
    }

    public Task<ImmutableArray<TEntry>> Page(TFilter? filter, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetUtcNow();
        return Task.FromResult(store.State.Entries.Values
            .Where(e => (after is null || string.CompareOrdinal(e.Id, after) > 0) && Lists(e) && e.Matches(filter, now))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToImmutableArray());
    }

    /// <summary>Drops the entry of <paramref name="id"/>, if held.</summary>
    protected async Task Remove(string id)
    {
        if (store.State.Entries.Remove(id))
        {
            await store.WriteOrDeactivateAsync(this);
        }
    }

    /// <summary>Whether this ledger lists <paramref name="entry"/> (one it holds may name somewhere else: the item moved on); all by default.</summary>
    protected virtual bool Lists(TEntry entry) => true;
}

/// <summary>What a ledger keeps durable: the latest entry of each item reported to it. Stored as <c>{ "entries": { id: entry } }</c>.</summary>
internal sealed class LedgerState<TEntry>
{
    public Dictionary<string, TEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
