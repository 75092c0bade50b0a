using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// An index of errands (<see cref="IErrandLedgerGrain"/>): an organization's (key <c>org:</c>…) or a
/// cadre's (key <c>member:</c>…). Each errand's latest entry is kept by version, so a late or repeated
/// report never undoes a newer one; an entry naming another organization or cadre (moved on) is kept
/// for its version and listed nowhere.
/// </summary>
[GrainType("errand-ledger")]
internal sealed class ErrandLedgerGrain(
    [PersistentState("errand-ledger")] IPersistentState<ErrandLedgerState> store,
    TimeProvider time) : Grain, IErrandLedgerGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task Record(ErrandLedgerEntry entry)
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

    public Task<ImmutableArray<ErrandLedgerEntry>> Page(ErrandFilter? filter, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetUtcNow();
        return Task.FromResult(store.State.Entries.Values
            .Where(e => Belongs(e) && (after is null || string.CompareOrdinal(e.Id, after) > 0) && e.Matches(filter, now))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToImmutableArray());
    }

    private bool Belongs(ErrandLedgerEntry entry) =>
        string.Equals(Key, ErrandRules.OrgLedgerKey(entry.OrgId), StringComparison.Ordinal)
        || string.Equals(Key, ErrandRules.CadreLedgerKey(entry.CadreMemberId), StringComparison.Ordinal);
}

/// <summary>What an errand index keeps durable: the latest entry of each errand reported to it.</summary>
internal sealed class ErrandLedgerState
{
    public Dictionary<string, ErrandLedgerEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
