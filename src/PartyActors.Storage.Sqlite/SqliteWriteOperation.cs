

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// One write (a state write or clear, a log append, a reminder upsert or removal) waiting in the
/// database's group-commit queue. It runs inside the batch's transaction and its caller learns the
/// result only after that transaction commits.
/// </summary>
internal abstract class SqliteWriteOperation(CancellationToken cancellationToken) : IGroupCommitOperation
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Runs the statements of this write on the writer session, inside the batch's transaction.
    /// Throws <see cref="Orleans.Storage.InconsistentStateException"/> when its condition fails; the database then
    /// rolls back this operation alone.
    /// </summary>
    public abstract void Execute(SqliteSession writer);

    /// <summary>Completes the caller with the result <see cref="Execute"/> computed, once committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <inheritdoc />
internal sealed class SqliteWriteOperation<TResult>(Func<SqliteSession, TResult> execute, CancellationToken cancellationToken)
    : SqliteWriteOperation(cancellationToken)
{
    // Continuations run elsewhere: otherwise every caller's continuation would run on the writer
    // loop, one after another, before the next batch can start.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public Task<TResult> Task => _completion.Task;

    public override void Execute(SqliteSession writer) => _result = execute(writer);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
