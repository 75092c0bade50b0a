namespace PartyActors.Grains;

/// <summary>
/// The ledger (台账) of the requests filed at one organization (<see cref="LedgerGrain{TEntry, TFilter}"/>),
/// keyed by org id. The subtree's ledger reads the ledgers of its organizations page by page
/// (docs/requests.md, "The ledger").
/// </summary>
[GrainType("request-ledger")]
internal sealed class RequestLedgerGrain(
    [PersistentState("request-ledger")] IPersistentState<LedgerState<RequestLedgerEntry>> store,
    TimeProvider time) : LedgerGrain<RequestLedgerEntry, RequestLedgerFilter>(store, time), IRequestLedgerGrain
{
    public Task Forget(string requestId) => Remove(requestId);
}
