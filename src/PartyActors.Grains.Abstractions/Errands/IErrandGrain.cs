namespace PartyActors.Grains;

/// <summary>
/// A resident's errand run by a cadre (全程代办), keyed by its id. The source of what it adds to
/// roll-ups (errandsOpen, errandsOverdue, errandsDone) at the grid, community or village where it was
/// taken; open past its deadline it turns overdue, whether or not anyone is online (docs/errands.md).
/// </summary>
[Alias("PartyActors.IErrandGrain")]
public interface IErrandGrain : IRelocatableSource
{
    /// <summary>Takes the errand; its deadline comes from the errands' SLA for its category at that level. Durable before it answers.</summary>
    Task<ErrandDetails> Take(ErrandTaking taking, string by);

    /// <summary>The errand; null when it does not exist.</summary>
    Task<ErrandDetails?> GetDetails();

    /// <summary>Marks it done (办结) at <paramref name="doneAt"/> (now when null); late when after the deadline. Again changes nothing.</summary>
    Task<ErrandDetails> Complete(string note, DateTimeOffset? doneAt, string by);

    /// <summary>Hands an open errand to another cadre, a member of record in the subtree of its organization.</summary>
    Task<ErrandDetails> Reassign(string cadreMemberId, string? reason, string by);

    /// <summary>Cancels an open errand (the resident withdrew it, or it is not an errand): counted nowhere after. Again changes nothing.</summary>
    Task<ErrandDetails> Cancel(string reason, string by);
}

/// <summary>
/// An index of errands (<see cref="ILedgerGrain{TEntry, TFilter}"/>): key <c>org:</c> + an org id lists
/// the errands counted at that organization, key <c>member:</c> + a member id those a cadre holds. An
/// entry that names another organization or cadre (the errand moved on) is kept for its version but
/// listed nowhere.
/// </summary>
[Alias("PartyActors.IErrandLedgerGrain")]
public interface IErrandLedgerGrain : ILedgerGrain<ErrandLedgerEntry, ErrandFilter>;

/// <summary>The errands' SLA table (one grain, key <see cref="Key"/>); the working-day calendar is the requests' one.</summary>
[Alias("PartyActors.IErrandSettingsGrain")]
public interface IErrandSettingsGrain : ISlaTableGrain
{
    public const string Key = "default";

    /// <summary>The deadline of an errand of <paramref name="category"/> taken at <paramref name="level"/> at <paramref name="from"/>, by the requests' calendar.</summary>
    Task<RequestDeadline> Deadline(ErrandCategory category, OrganizationKind level, DateTimeOffset from);
}
