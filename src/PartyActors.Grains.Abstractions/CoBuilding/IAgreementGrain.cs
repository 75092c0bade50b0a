namespace PartyActors.Grains;

/// <summary>
/// A co-building agreement (契约化共建) between a community and a unit stationed in it (共驻共建),
/// keyed by its id. It is the source of what its items add to roll-ups at the community
/// (agreementItemsOpen, agreementItemsOverdue, agreementItemsDone), and its items turn overdue at the
/// end of their due dates whether or not anyone is online (docs/co-building.md). A merge of
/// communities moves it to the surviving one (<see cref="IRelocatableSource.Relocate"/>).
/// </summary>
[Alias("PartyActors.IAgreementGrain")]
public interface IAgreementGrain : IRelocatableSource
{
    /// <summary>Signs the agreement of <paramref name="communityId"/> with the unit the terms name; durable before it answers.</summary>
    Task<AgreementDetails> Sign(string communityId, AgreementTerms terms, string by);

    /// <summary>The agreement; null when it does not exist.</summary>
    Task<AgreementDetails?> GetDetails();

    /// <summary>Adds items to an agreement in force.</summary>
    Task<AgreementDetails> AddItems(IReadOnlyList<AgreementItemTerms> items, string by);

    /// <summary>Marks an item done (also when overdue: done late); again on a done item changes nothing.</summary>
    Task<AgreementDetails> CompleteItem(string itemId, string? note, string by);

    /// <summary>Ends the agreement: its open items are cancelled; again changes nothing.</summary>
    Task<AgreementDetails> Terminate(string note, string by);
}
