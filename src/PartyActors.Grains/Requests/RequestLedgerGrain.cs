using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The ledger (台账) of the requests filed at one organization: each request's latest entry, kept by
/// version so a late or repeated report never undoes a newer one. The subtree's ledger reads the
/// ledgers of its organizations page by page (docs/requests.md, "The ledger").
/// </summary>
[GrainType("request-ledger")]
internal sealed class RequestLedgerGrain(
    [PersistentState("request-ledger")] IPersistentState<RequestLedgerState> store,
    TimeProvider time) : Grain, IRequestLedgerGrain
{
    public async Task Record(RequestLedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (store.State.Entries.TryGetValue(entry.Id, out var held) && held.Version >= entry.Version)
        {
            return;
        }

        store.State.Entries[entry.Id] = entry;
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // Whether it landed is unknown: read the store again on the next call.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task Forget(string requestId)
    {
        if (!store.State.Entries.Remove(requestId))
        {
            return;
        }

        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<ImmutableArray<RequestLedgerEntry>> Page(RequestLedgerFilter? filter, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetUtcNow();
        return Task.FromResult(store.State.Entries.Values
            .Where(e => (after is null || string.CompareOrdinal(e.Id, after) > 0) && e.Matches(filter, now))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToImmutableArray());
    }
}

/// <summary>What a ledger keeps durable: the latest entry of each request filed at its organization.</summary>
internal sealed class RequestLedgerState
{
    public Dictionary<string, RequestLedgerEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
