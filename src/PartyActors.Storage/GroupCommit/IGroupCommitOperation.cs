namespace PartyActors.Storage;

/// <summary>An operation a <see cref="GroupCommitQueue{TOperation}"/> batches.</summary>
public interface IGroupCommitOperation
{
    /// <summary>Fails the operation unless it has already completed.</summary>
    void Fail(Exception exception);
}
