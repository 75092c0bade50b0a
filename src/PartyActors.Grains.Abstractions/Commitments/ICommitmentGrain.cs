namespace PartyActors.Grains;

/// <summary>
/// A public commitment (承诺践诺) of a member or an organization, keyed by its id. It is the source of
/// what it adds to roll-ups (commitmentsOpen, commitmentsDone, commitmentsOverdue) at the
/// organization where its owner belongs, and it turns overdue at the end of its due date whether or
/// not anyone is online (docs/commitments.md).
/// </summary>
[Alias("PartyActors.ICommitmentGrain")]
public interface ICommitmentGrain : IRelocatableSource
{
    /// <summary>Makes the commitment; <paramref name="by"/> is the caller's subject. Durable before it answers.</summary>
    Task<CommitmentDetails> Make(CommitmentOwner owner, CommitmentTerms terms, string by);

    /// <summary>
    /// Applies a roster line's commitment: makes it when new (the terms checked as <see cref="Make"/>
    /// checks them); otherwise refuses other terms or another owner (409 <c>commitment-changed</c>
    /// naming the first field that differs: a published commitment's terms do not change). Then raises
    /// the progress to at least <see cref="CommitmentImport.Progress"/> (409 <c>commitment-done</c> when
    /// that needs progress on a done commitment) and completes it when <see cref="CommitmentImport.Done"/>.
    /// Applying the same import again changes nothing. Each step is durable before the next.
    /// </summary>
    Task<CommitmentDetails> Import(CommitmentImport import, string by);

    /// <summary>The commitment; null when it does not exist.</summary>
    Task<CommitmentDetails?> GetDetails();

    /// <summary>Reports progress towards the target (open or overdue commitments only).</summary>
    Task<CommitmentDetails> ReportProgress(decimal amount, string? note, string by);

    /// <summary>Marks the commitment fulfilled (践诺); again on a done one changes nothing.</summary>
    Task<CommitmentDetails> Complete(string by);

    /// <summary>Records a review (评议).</summary>
    Task<CommitmentDetails> Review(ReviewerKind reviewer, int score, string? note, string by);
}
