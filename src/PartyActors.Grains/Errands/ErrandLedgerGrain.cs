namespace PartyActors.Grains;

/// <summary>
/// An index of errands (<see cref="IErrandLedgerGrain"/>, a <see cref="LedgerGrain{TEntry, TFilter}"/>):
/// an organization's (key <c>org:</c>…) or a cadre's (key <c>member:</c>…). An entry naming another
/// organization or cadre (the errand moved on) is kept for its version, so a late report of the old
/// place cannot list it again, and listed nowhere.
/// </summary>
[GrainType("errand-ledger")]
internal sealed class ErrandLedgerGrain(
    [PersistentState("errand-ledger")] IPersistentState<LedgerState<ErrandLedgerEntry>> store,
    TimeProvider time) : LedgerGrain<ErrandLedgerEntry, ErrandFilter>(store, time), IErrandLedgerGrain
{
    private string Key => this.GetPrimaryKeyString();

    protected override bool Lists(ErrandLedgerEntry entry) =>
        string.Equals(Key, ErrandRules.OrgLedgerKey(entry.OrgId), StringComparison.Ordinal)
        || string.Equals(Key, ErrandRules.CadreLedgerKey(entry.CadreMemberId), StringComparison.Ordinal);
}
