namespace PartyActors.Grains;

/// <summary>
/// The one way a grain writes its state (or appends to its log) when a failed write must not leave
/// memory ahead of the store. A write that throws may still have landed (a timeout, a connection lost
/// after the commit): the activation can trust neither its memory nor its guess. So it puts back the
/// state it had committed (what still runs on this activation before it goes, the caller's own
/// clean-up or a retry that finds the change already made and skips the write, must not see a change
/// that may not exist) and is deactivated, so that the next call reads the store again; the caller
/// gets the failure. A grain whose failed write needs more than that (a roll-up contribution sent
/// back, a reservation released) keeps its own catch.
/// </summary>
internal static class DurableWrites
{
    /// <summary>
    /// Writes <paramref name="store"/>'s state. On failure, runs <paramref name="restore"/> (putting
    /// back the committed state), deactivates <paramref name="grain"/> once idle, and rethrows.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<TState>(this IPersistentState<TState> store, IGrainBase grain, Action? restore = null)
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            restore?.Invoke();
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The outcome of a write is unknown."));
            throw;
        }
    }

    /// <summary>
    /// Replaces <paramref name="store"/>'s state with <paramref name="next"/> and writes it. On
    /// failure, the committed state comes back, <paramref name="grain"/> deactivates once idle, and the
    /// failure is rethrown.
    /// </summary>
    public static Task ReplaceOrDeactivateAsync<TState>(this IPersistentState<TState> store, IGrainBase grain, TState next)
    {
        var committed = store.State;
        store.State = next;
        return store.WriteOrDeactivateAsync(grain, () => store.State = committed);
    }

    /// <summary>
    /// Appends <paramref name="entries"/> to <paramref name="log"/>. On failure, deactivates
    /// <paramref name="grain"/> once idle, so that the next call reads the log again (whether the
    /// entries landed is unknown, and the log's next sequence with it), and rethrows.
    /// </summary>
    public static async Task AppendOrDeactivateAsync<TEntry>(this IGrainLog<TEntry> log, IGrainBase grain, IReadOnlyList<TEntry> entries)
    {
        try
        {
            await log.AppendAsync(entries);
        }
        catch
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The outcome of an append is unknown."));
            throw;
        }
    }
}
