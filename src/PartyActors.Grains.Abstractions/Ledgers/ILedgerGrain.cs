using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// An item as a ledger lists it (<see cref="ILedgerGrain{TEntry, TFilter}"/>): its id, which orders
/// the ledger (ids are made in time order), the version of the item that sent it, and whether it is
/// listed under a status filter of the item's mechanism.
/// </summary>
public interface ILedgerEntry<TFilter>
    where TFilter : struct, Enum
{
    string Id { get; }

    long Version { get; }

    /// <summary>Whether it is listed under <paramref name="filter"/> (null: everything) at <paramref name="now"/>.</summary>
    bool Matches(TFilter? filter, DateTimeOffset now);
}

/// <summary>
/// A ledger (台账) of items that report themselves to it (requests, errands), keyed by what it
/// indexes (an organization, a cadre): each item's latest entry, kept by version so a late or
/// repeated report never undoes a newer one, read a page at a time in id order. A subtree's ledger is
/// the ledgers of its organizations read together (docs/requests.md, "The ledger").
/// </summary>
[Alias("PartyActors.ILedgerGrain`2")]
public interface ILedgerGrain<TEntry, TFilter> : IGrainWithStringKey
    where TEntry : ILedgerEntry<TFilter>
    where TFilter : struct, Enum
{
    /// <summary>Records <paramref name="entry"/> unless an entry of the same or a newer version is held.</summary>
    Task Record(TEntry entry);

    /// <summary>Up to <paramref name="limit"/> listed entries matching <paramref name="filter"/> whose ids follow <paramref name="after"/>, in id order.</summary>
    [ReadOnly]
    Task<ImmutableArray<TEntry>> Page(TFilter? filter, string? after, int limit);
}
