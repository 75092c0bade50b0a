using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// Grain state in PostgreSQL's <c>grain_state</c> table; the ETag is the row's version. Writes and
/// clears from all grains go through one <see cref="GroupCommitQueue{TOperation}"/>: a batch is one
/// statement and one transaction, each row gets its own outcome, and every caller completes after
/// COMMIT. Reads are batched the same way, so an activation storm costs few round trips.
/// </summary>
internal sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    // One statement for a whole round of writes and clears (keys unique within the round). All
    // parts see the same snapshot, so "stored" is the version each row had before this statement.
    private const string WriteSql = """
        with input as (
            select * from unnest(@idx, @types, @keys, @names, @kinds, @etags, @payloads)
                as t(idx, grain_type, grain_key, state_name, kind, etag, payload)
        ),
        ins as (
            insert into grain_state as g (grain_type, grain_key, state_name, payload, version, modified_at)
            select grain_type, grain_key, state_name, payload, 1, now() from input where kind = 0 and etag is null
            on conflict do nothing
            returning g.grain_type, g.grain_key, g.state_name, g.version
        ),
        upd as (
            update grain_state g set payload = i.payload, version = g.version + 1, modified_at = now()
            from input i
            where i.kind = 0 and i.etag is not null and g.version = i.etag
              and g.grain_type = i.grain_type and g.grain_key = i.grain_key and g.state_name = i.state_name
            returning i.idx, g.version
        ),
        del as (
            delete from grain_state g using input i
            where i.kind = 1 and i.etag is not null and g.version = i.etag
              and g.grain_type = i.grain_type and g.grain_key = i.grain_key and g.state_name = i.state_name
            returning i.idx
        ),
        done as (
            select idx, version from upd
            union all select i.idx, ins.version from ins join input i using (grain_type, grain_key, state_name)
            union all select idx, null from del
        )
        select i.idx, d.idx is not null as ok, d.version, s.version as stored
        from input i
        left join done d on d.idx = i.idx
        left join grain_state s using (grain_type, grain_key, state_name)
        """;

    private const string ReadSql = """
        select i.idx, s.payload::text, s.version
        from unnest(@idx, @types, @keys, @names) as i(idx, grain_type, grain_key, state_name)
        join grain_state s using (grain_type, grain_key, state_name)
        """;

    private readonly PostgresStore _store;
    private readonly JsonGrainStateSerializer _serializer;
    private readonly GroupCommitQueue<WriteOperation> _writes;
    private readonly GroupCommitQueue<ReadOperation> _reads;

    public PostgresGrainStorage(PostgresStore store, JsonGrainStateSerializer serializer, TimeProvider time)
    {
        _store = store;
        _serializer = serializer;
        _writes = new GroupCommitQueue<WriteOperation>(CommitWritesAsync, store.Options.GroupCommit, time, "postgres.state.writes", store.Meters);
        _reads = new GroupCommitQueue<ReadOperation>(ReadBatchAsync, store.Options.ReadBatch, time, "postgres.state.reads", store.Meters);
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var operation = new ReadOperation(grainId.Type.ToString()!, grainId.Key.ToString(), stateName);
        _reads.Enqueue(operation);
        var (payload, version) = await operation.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
        if (payload is null)
        {
            // No row, or a row cleared with DeleteStateOnClear = false (it keeps its version as ETag).
            grainState.State = JsonGrainStateSerializer.CreateEmpty<TState>();
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = _serializer.Deserialize<TState>(Encoding.UTF8.GetBytes(payload));
            grainState.RecordExists = true;
        }
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = Encoding.UTF8.GetString(_serializer.SerializeToUtf8Bytes(grainState.State));
        var operation = new WriteOperation(grainId.Type.ToString()!, grainId.Key.ToString(), stateName, WriteKind.Write, ParseEtag(grainState.ETag), payload);
        _writes.Enqueue(operation);

        // Not WaitAsync(cancellationToken): once queued the write may commit, and the caller must
        // learn the outcome (and the new ETag) rather than guess.
        var version = await operation.Task.ConfigureAwait(false);
        grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = ParseEtag(grainState.ETag);

        // Keeping the row is a write of a null payload; with no ETag there is no row to keep, so
        // both modes then only check that nothing is stored.
        var kind = _store.Options.DeleteStateOnClear || etag is null ? WriteKind.Clear : WriteKind.Write;
        var operation = new WriteOperation(grainId.Type.ToString()!, grainId.Key.ToString(), stateName, kind, etag, null);
        _writes.Enqueue(operation);
        var version = await operation.Task.ConfigureAwait(false);
        grainState.ETag = kind == WriteKind.Write ? version?.ToString(CultureInfo.InvariantCulture) : null;
        grainState.State = JsonGrainStateSerializer.CreateEmpty<TState>();
        grainState.RecordExists = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync().ConfigureAwait(false);
        await _reads.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>An ETag this store never issued can match no row: it is a conflict, not an error.</summary>
    private static long? ParseEtag(string? etag) =>
        etag is null ? null : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    private Task CommitWritesAsync(IReadOnlyList<WriteOperation> batch, CancellationToken cancellationToken) =>
        _store.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var outcomes = new (bool Ok, long? Version, long? Stored)[batch.Count];
            foreach (var round in Rounds(batch, static op => (op.Type, op.Key, op.Name)))
            {
                await using var command = new NpgsqlCommand(WriteSql, connection, transaction);
                command.Parameters.Add(Array("idx", NpgsqlDbType.Integer, round.ToArray()));
                command.Parameters.Add(Array("types", NpgsqlDbType.Text, round.Select(i => batch[i].Type).ToArray()));
                command.Parameters.Add(Array("keys", NpgsqlDbType.Text, round.Select(i => batch[i].Key).ToArray()));
                command.Parameters.Add(Array("names", NpgsqlDbType.Text, round.Select(i => batch[i].Name).ToArray()));
                command.Parameters.Add(Array("kinds", NpgsqlDbType.Smallint, round.Select(i => (short)batch[i].Kind).ToArray()));
                command.Parameters.Add(Array("etags", NpgsqlDbType.Bigint, round.Select(i => batch[i].Etag).ToArray()));
                command.Parameters.Add(Array("payloads", NpgsqlDbType.Jsonb, round.Select(i => batch[i].Payload).ToArray()));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    outcomes[reader.GetInt32(0)] = (
                        reader.GetBoolean(1),
                        reader.IsDBNull(2) ? null : reader.GetInt64(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3));
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);

            // Only now, after COMMIT, is anything acknowledged.
            for (var i = 0; i < batch.Count; i++)
            {
                var op = batch[i];
                var (ok, version, stored) = outcomes[i];

                // Clearing with no ETag when nothing is stored succeeds with nothing to do.
                if (ok || (op.Kind == WriteKind.Clear && op.Etag is null && stored is null))
                {
                    op.Complete(version);
                }
                else
                {
                    var storedText = stored?.ToString(CultureInfo.InvariantCulture);
                    var heldText = op.Etag?.ToString(CultureInfo.InvariantCulture);
                    op.Fail(new InconsistentStateException(
                        $"State '{op.Name}' of {op.Type}/{op.Key}: the store holds version {storedText ?? "none"}, the writer read {heldText ?? "none"}.",
                        storedText, heldText));
                }
            }
        }, cancellationToken);

    private Task ReadBatchAsync(IReadOnlyList<ReadOperation> batch, CancellationToken cancellationToken) =>
        _store.RunAsync(async (connection, ct) =>
        {
            var results = new (string? Payload, long? Version)[batch.Count];
            await using (var command = new NpgsqlCommand(ReadSql, connection))
            {
                command.Parameters.Add(Array("idx", NpgsqlDbType.Integer, Enumerable.Range(0, batch.Count).ToArray()));
                command.Parameters.Add(Array("types", NpgsqlDbType.Text, batch.Select(op => op.Type).ToArray()));
                command.Parameters.Add(Array("keys", NpgsqlDbType.Text, batch.Select(op => op.Key).ToArray()));
                command.Parameters.Add(Array("names", NpgsqlDbType.Text, batch.Select(op => op.Name).ToArray()));
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    results[reader.GetInt32(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(results[i]);
            }
        }, cancellationToken);

    internal static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values };

    /// <summary>
    /// Splits a batch into rounds in which each key appears once (in arrival order), because one
    /// statement cannot change a row twice. Almost always a single round: a grain's own writes
    /// are sequential, so repeats come only from two activations racing on one key.
    /// </summary>
    internal static List<List<int>> Rounds<TOperation, TKey>(IReadOnlyList<TOperation> batch, Func<TOperation, TKey> key)
        where TKey : notnull
    {
        var rounds = new List<List<int>>();
        var seen = new Dictionary<TKey, int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var k = key(batch[i]);
            var round = seen.TryGetValue(k, out var previous) ? previous + 1 : 0;
            seen[k] = round;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(i);
        }

        return rounds;
    }

    private enum WriteKind : short
    {
        Write = 0,
        Clear = 1,
    }

    private sealed class WriteOperation(string type, string key, string name, WriteKind kind, long? etag, string? payload)
        : TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously), IGroupCommitOperation
    {
        public string Type { get; } = type;

        public string Key { get; } = key;

        public string Name { get; } = name;

        public WriteKind Kind { get; } = kind;

        public long? Etag { get; } = etag;

        public string? Payload { get; } = payload;

        public void Complete(long? version) => TrySetResult(version);

        public void Fail(Exception exception) => TrySetException(exception);
    }

    private sealed class ReadOperation(string type, string key, string name)
        : TaskCompletionSource<(string? Payload, long? Version)>(TaskCreationOptions.RunContinuationsAsynchronously), IGroupCommitOperation
    {
        public string Type { get; } = type;

        public string Key { get; } = key;

        public string Name { get; } = name;

        public void Complete((string? Payload, long? Version) result) => TrySetResult(result);

        public void Fail(Exception exception) => TrySetException(exception);
    }
}
