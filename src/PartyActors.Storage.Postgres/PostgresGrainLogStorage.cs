using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// Grain logs in PostgreSQL's <c>grain_log</c> table. Appends from all grains are group-committed:
/// one transaction per batch, each append checked against its expected next sequence on its own,
/// so one writer's conflict writes nothing for it and does not fail the others.
/// </summary>
internal sealed class PostgresGrainLogStorage : IGrainLogStorage, IAsyncDisposable
{
    // Serializes appenders of the same log across silos (two activations of one grain): without
    // it both could read the same last sequence. Locks are taken in hash order, so two batches
    // never wait on each other in a cycle.
    private const string LockSql = """
        select pg_advisory_xact_lock(h) from (
            select distinct hashtextextended(t || '/' || k || '/' || n, 7) as h
            from unnest(@types, @keys, @names) as u(t, k, n)
            order by h) as locks
        """;

    // A new statement sees what the lock holders committed (read committed). Entries arrive as
    // flat arrays with the index of their append and their position in it.
    private const string AppendSql = """
        with input as (
            select * from unnest(@idx, @types, @keys, @names, @expected)
                as t(idx, grain_type, grain_key, log_name, expected)
        ),
        cur as (
            select i.*, coalesce((select max(l.sequence) from grain_log l
                where l.grain_type = i.grain_type and l.grain_key = i.grain_key and l.log_name = i.log_name), 0) + 1 as next
            from input i
        ),
        ok as (
            select * from cur where expected is null or expected = next
        ),
        ins as (
            insert into grain_log (grain_type, grain_key, log_name, sequence, entry, appended_at)
            select ok.grain_type, ok.grain_key, ok.log_name, ok.next + e.pos, e.entry, now()
            from ok join unnest(@entry_idx, @entry_pos, @entries) as e(idx, pos, entry) on e.idx = ok.idx
            returning 1
        )
        select cur.idx, cur.next, ok.idx is not null
        from cur left join ok on ok.idx = cur.idx
        """;

    private const string ReadSql = """
        select sequence, entry::text, appended_at from grain_log
        where grain_type = @type and grain_key = @key and log_name = @name and sequence >= @from and sequence < @to
        order by sequence
        """;

    // Where each log of a batch ends: one query for an activation storm, each log found through the
    // primary key's index (max over its prefix is one index probe).
    private const string NextSql = """
        select i.idx, coalesce((select max(l.sequence) from grain_log l
            where l.grain_type = i.grain_type and l.grain_key = i.grain_key and l.log_name = i.log_name), 0) + 1
        from unnest(@idx, @types, @keys, @names) as i(idx, grain_type, grain_key, log_name)
        """;

    // The appenders' lock on this one log (LockSql), then the delete, in one transaction.
    private const string DeleteSql = """
        select pg_advisory_xact_lock(hashtextextended(@type || '/' || @key || '/' || @name, 7));
        delete from grain_log where grain_type = @type and grain_key = @key and log_name = @name;
        """;

    private readonly PostgresStore _store;
    private readonly GroupCommitQueue<AppendOperation> _appends;
    private readonly GroupCommitQueue<NextOperation> _nexts;

    public PostgresGrainLogStorage(PostgresStore store, TimeProvider time)
    {
        _store = store;
        _appends = new GroupCommitQueue<AppendOperation>(CommitAppendsAsync, store.Options.GroupCommit, time, "postgres.log.appends", store.Meters);

        // Every activation of a grain with a log asks where it ends: batched like state reads, so
        // that 20,000 members activating at once take a few queries rather than a connection each.
        _nexts = new GroupCommitQueue<NextOperation>(ReadNextBatchAsync, store.Options.ReadBatch, time, "postgres.log.reads", store.Meters);
    }

    public async Task<long> AppendAsync(string logName, GrainId grainId, IReadOnlyList<ReadOnlyMemory<byte>> entries,
        long? expectedNextSequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var json = new string[entries.Count];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = Encoding.UTF8.GetString(entries[i].Span);
        }

        var operation = new AppendOperation(grainId.Type.ToString()!, grainId.Key.ToString(), logName, json, expectedNextSequence);
        _appends.Enqueue(operation);

        // Once queued the append may commit: the caller waits for the outcome whatever happens.
        return await operation.Task.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<StoredLogEntry>> ReadAsync(string logName, GrainId grainId, long fromSequence, long toSequence,
        CancellationToken cancellationToken) =>
        _store.RunAsync<IReadOnlyList<StoredLogEntry>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(ReadSql, connection);
            command.Parameters.AddWithValue("type", grainId.Type.ToString()!);
            command.Parameters.AddWithValue("key", grainId.Key.ToString());
            command.Parameters.AddWithValue("name", logName);
            command.Parameters.AddWithValue("from", fromSequence);
            command.Parameters.AddWithValue("to", toSequence);
            var entries = new List<StoredLogEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                entries.Add(new StoredLogEntry(
                    reader.GetInt64(0),
                    Encoding.UTF8.GetBytes(reader.GetString(1)),
                    reader.GetFieldValue<DateTimeOffset>(2)));
            }

            return entries;
        }, cancellationToken);

    public Task<long> GetNextSequenceAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        var operation = new NextOperation(grainId.Type.ToString()!, grainId.Key.ToString(), logName);
        _nexts.Enqueue(operation);
        return operation.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Not group-committed: deletes are rare. It holds the appenders' lock on the log, so an append
    /// committing meanwhile lands wholly before the delete or wholly after it.
    /// </summary>
    public Task DeleteAsync(string logName, GrainId grainId, CancellationToken cancellationToken) =>
        _store.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand(DeleteSql, connection, transaction))
            {
                command.Parameters.AddWithValue("type", grainId.Type.ToString()!);
                command.Parameters.AddWithValue("key", grainId.Key.ToString());
                command.Parameters.AddWithValue("name", logName);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync().ConfigureAwait(false);
        await _nexts.DisposeAsync().ConfigureAwait(false);
    }

    private Task ReadNextBatchAsync(IReadOnlyList<NextOperation> batch, CancellationToken cancellationToken) =>
        _store.RunAsync(async (connection, ct) =>
        {
            var next = new long[batch.Count];
            await using (var command = new NpgsqlCommand(NextSql, connection))
            {
                command.Parameters.Add(PostgresGrainStorage.Array("idx", NpgsqlDbType.Integer, Enumerable.Range(0, batch.Count).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("types", NpgsqlDbType.Text, batch.Select(op => op.Type).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("keys", NpgsqlDbType.Text, batch.Select(op => op.Key).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("names", NpgsqlDbType.Text, batch.Select(op => op.Name).ToArray()));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    next[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].TrySetResult(next[i]);
            }
        }, cancellationToken);

    private Task CommitAppendsAsync(IReadOnlyList<AppendOperation> batch, CancellationToken cancellationToken) =>
        _store.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction))
            {
                lockCommand.Parameters.Add(PostgresGrainStorage.Array("types", NpgsqlDbType.Text, batch.Select(op => op.Type).ToArray()));
                lockCommand.Parameters.Add(PostgresGrainStorage.Array("keys", NpgsqlDbType.Text, batch.Select(op => op.Key).ToArray()));
                lockCommand.Parameters.Add(PostgresGrainStorage.Array("names", NpgsqlDbType.Text, batch.Select(op => op.Name).ToArray()));
                await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var outcomes = new (long Next, bool Ok)[batch.Count];
            foreach (var round in PostgresGrainStorage.Rounds(batch, static op => (op.Type, op.Key, op.Name)))
            {
                var entryIdx = new List<int>();
                var entryPos = new List<int>();
                var entries = new List<string>();
                foreach (var i in round)
                {
                    for (var pos = 0; pos < batch[i].Entries.Length; pos++)
                    {
                        entryIdx.Add(i);
                        entryPos.Add(pos);
                        entries.Add(batch[i].Entries[pos]);
                    }
                }

                await using var command = new NpgsqlCommand(AppendSql, connection, transaction);
                command.Parameters.Add(PostgresGrainStorage.Array("idx", NpgsqlDbType.Integer, round.ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("types", NpgsqlDbType.Text, round.Select(i => batch[i].Type).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("keys", NpgsqlDbType.Text, round.Select(i => batch[i].Key).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("names", NpgsqlDbType.Text, round.Select(i => batch[i].Name).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("expected", NpgsqlDbType.Bigint, round.Select(i => batch[i].Expected).ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("entry_idx", NpgsqlDbType.Integer, entryIdx.ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("entry_pos", NpgsqlDbType.Integer, entryPos.ToArray()));
                command.Parameters.Add(PostgresGrainStorage.Array("entries", NpgsqlDbType.Jsonb, entries.ToArray()));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    outcomes[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetBoolean(2));
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var op = batch[i];
                var (next, ok) = outcomes[i];
                if (ok)
                {
                    op.TrySetResult(next);
                }
                else
                {
                    var stored = next.ToString(CultureInfo.InvariantCulture);
                    var held = op.Expected?.ToString(CultureInfo.InvariantCulture);
                    op.TrySetException(new InconsistentStateException(
                        $"Log '{op.Name}' of {op.Type}/{op.Key}: the next sequence is {stored}, the writer expected {held}.", stored, held, null));
                }
            }
        }, cancellationToken);

    private sealed class NextOperation(string type, string key, string name)
        : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously), IGroupCommitOperation
    {
        public string Type { get; } = type;

        public string Key { get; } = key;

        public string Name { get; } = name;

        public void Fail(Exception exception) => TrySetException(exception);
    }

    private sealed class AppendOperation(string type, string key, string name, string[] entries, long? expected)
        : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously), IGroupCommitOperation
    {
        public string Type { get; } = type;

        public string Key { get; } = key;

        public string Name { get; } = name;

        public string[] Entries { get; } = entries;

        public long? Expected { get; } = expected;

        public void Fail(Exception exception) => TrySetException(exception);
    }
}
