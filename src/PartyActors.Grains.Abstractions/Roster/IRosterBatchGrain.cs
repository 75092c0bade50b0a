using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// One roster batch pushed by an integration job (api.md, "Roster batches"), keyed by its batch id.
/// Its lines arrive in chunks and are durable in the batch's own log before the batch is sealed;
/// once sealed it applies them, in order as far as any line can tell, and resumes from its last
/// checkpoint after a crash until every line is applied or rejected.
/// </summary>
[Alias("PartyActors.IRosterBatchGrain")]
public interface IRosterBatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts an upload of the batch's lines, superseding any earlier upload that was never sealed.
    /// A batch that was sealed already answers that it was accepted and changes nothing.
    /// </summary>
    Task<RosterUploadTicket> Open(RosterBatchInfo info);

    /// <summary>Appends the next lines of the upload; durable before it answers.</summary>
    Task AppendLines(Guid upload, ImmutableArray<RosterLine> lines);

    /// <summary>
    /// Ends the upload of <paramref name="total"/> lines and starts applying them. Sealing the same
    /// upload again changes nothing.
    /// </summary>
    Task<RosterBatchProgress> Seal(Guid upload, int total);

    /// <summary>How far the batch has got; null while it has not been sealed.</summary>
    Task<RosterBatchProgress?> GetProgress();
}
