using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// Grain state in the SQLite table <c>grain_state</c>, one row per (grain type, key, state name),
/// the state as JSON. The ETag is the row's version as text: a write with a null ETag inserts (and
/// conflicts if a row exists), a write with an ETag updates only the row still at that version.
/// Writes and clears are group-committed and complete once their transaction has committed.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string SelectSql =
        "SELECT payload, version FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $n";

    private const string VersionSql =
        "SELECT version FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $n";

    private const string InsertSql =
        "INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, modified_at) " +
        "VALUES ($t, $k, $n, $p, 1, $at) ON CONFLICT DO NOTHING RETURNING version";

    private const string UpdateSql =
        "UPDATE grain_state SET payload = $p, version = version + 1, modified_at = $at " +
        "WHERE grain_type = $t AND grain_key = $k AND state_name = $n AND version = $v RETURNING version";

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $n AND version = $v RETURNING version";

    private readonly SqliteDatabase _database;
    private readonly JsonGrainStateSerializer _serializer;
    private readonly bool _deleteOnClear;

    internal SqliteGrainStorage(SqliteDatabase database, JsonGrainStateSerializer serializer, bool deleteStateOnClear)
    {
        _database = database;
        _serializer = serializer;
        _deleteOnClear = deleteStateOnClear;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var (payload, version) = await _database.ReadAsync(session =>
        {
            using var reader = Key(session.Command(SelectSql), stateName, grainId).ExecuteReader();
            return reader.Read() ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1)) : ((string?)null, (long?)null);
        }, cancellationToken).ConfigureAwait(false);

        // A row without payload was cleared with DeleteStateOnClear = false: no record, but its
        // version is the ETag the next write must present.
        grainState.State = payload is null ? JsonGrainStateSerializer.CreateEmpty<TState>() : _serializer.Deserialize<TState>(Encoding.UTF8.GetBytes(payload));
        grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        // Serialized on the caller's thread, so the writer loop only runs SQL.
        var payload = Encoding.UTF8.GetString(_serializer.SerializeToUtf8Bytes(grainState.State));
        var etag = grainState.ETag;
        var now = SqliteTime.Format(_database.Time.GetUtcNow());
        var version = await _database.WriteAsync(session =>
        {
            if (etag is null)
            {
                var inserted = Key(session.Command(InsertSql), stateName, grainId).With("$p", payload).With("$at", now).ExecuteScalar();
                return inserted is long v ? v : throw Conflict(session, stateName, grainId, etag);
            }

            var expected = ParseEtag(session, stateName, grainId, etag);
            var updated = Key(session.Command(UpdateSql), stateName, grainId)
                .With("$p", payload).With("$at", now).With("$v", expected).ExecuteScalar();
            return updated is long u ? u : throw Conflict(session, stateName, grainId, etag);
        }, cancellationToken).ConfigureAwait(false);

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = grainState.ETag;
        var now = SqliteTime.Format(_database.Time.GetUtcNow());
        var deleteOnClear = _deleteOnClear;
        var version = await _database.WriteAsync(session =>
        {
            if (etag is null)
            {
                // Nothing was read, so there must be nothing stored: clearing it is a no-op.
                return Stored(session, stateName, grainId) is null ? (long?)null : throw Conflict(session, stateName, grainId, etag);
            }

            var expected = ParseEtag(session, stateName, grainId, etag);
            var command = deleteOnClear
                ? Key(session.Command(DeleteSql), stateName, grainId).With("$v", expected)
                : Key(session.Command(UpdateSql), stateName, grainId).With("$p", null).With("$at", now).With("$v", expected);
            var result = command.ExecuteScalar();
            if (result is not long kept)
            {
                throw Conflict(session, stateName, grainId, etag);
            }

            // Deleted: no ETag any more. Kept: the bumped version is the ETag of the emptied row.
            return deleteOnClear ? null : kept;
        }, cancellationToken).ConfigureAwait(false);

        grainState.State = JsonGrainStateSerializer.CreateEmpty<TState>();
        grainState.ETag = version?.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
    }

    private static Microsoft.Data.Sqlite.SqliteCommand Key(Microsoft.Data.Sqlite.SqliteCommand command, string stateName, GrainId grainId) =>
        command.With("$t", grainId.Type.ToString()).With("$k", grainId.Key.ToString()).With("$n", stateName);

    private static long? Stored(SqliteSession session, string stateName, GrainId grainId) =>
        Key(session.Command(VersionSql), stateName, grainId).ExecuteScalar() as long?;

    private static long ParseEtag(SqliteSession session, string stateName, GrainId grainId, string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw Conflict(session, stateName, grainId, etag);

    private static InconsistentStateException Conflict(SqliteSession session, string stateName, GrainId grainId, string? etag)
    {
        var stored = Stored(session, stateName, grainId)?.ToString(CultureInfo.InvariantCulture);
        return new InconsistentStateException(
            $"State '{stateName}' of {grainId}: the store holds version {stored ?? "none"}, the writer read {etag ?? "none"}.", stored, etag, null);
    }
}
