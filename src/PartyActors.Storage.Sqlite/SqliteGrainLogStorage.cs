using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// Grain logs in the SQLite table <c>grain_log</c>, one row per entry keyed by (grain type, key,
/// log name, sequence). Appends are group-committed with the database's other writes; the next
/// sequence is computed inside the batch's transaction, on the single writer, so two appends to one
/// log in the same batch still get consecutive sequences.
/// </summary>
public sealed class SqliteGrainLogStorage : IGrainLogStorage
{
    private const string NextSql =
        "SELECT coalesce(max(sequence), 0) + 1 FROM grain_log WHERE grain_type = $t AND grain_key = $k AND log_name = $n";

    private const string InsertSql =
        "INSERT INTO grain_log (grain_type, grain_key, log_name, sequence, entry, appended_at) VALUES ($t, $k, $n, $s, $e, $at)";

    private const string RangeSql =
        "SELECT sequence, entry, appended_at FROM grain_log " +
        "WHERE grain_type = $t AND grain_key = $k AND log_name = $n AND sequence >= $from AND sequence < $to ORDER BY sequence";

    private const string DeleteSql = "DELETE FROM grain_log WHERE grain_type = $t AND grain_key = $k AND log_name = $n";

    private readonly SqliteDatabase _database;

    internal SqliteGrainLogStorage(SqliteDatabase database) => _database = database;

    public Task<long> AppendAsync(string logName, GrainId grainId, IReadOnlyList<ReadOnlyMemory<byte>> entries,
        long? expectedNextSequence, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(entries);
        var texts = new string[entries.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Encoding.UTF8.GetString(entries[i].Span);
        }

        var now = SqliteTime.Format(_database.Time.GetUtcNow());
        return _database.WriteAsync(session =>
        {
            var next = (long)Key(session.Command(NextSql), logName, grainId).ExecuteScalar()!;
            if (expectedNextSequence is { } expected && expected != next)
            {
                var stored = next.ToString(CultureInfo.InvariantCulture);
                throw new InconsistentStateException(
                    $"Log '{logName}' of {grainId}: its next sequence is {stored}, the writer expected {expected}.",
                    stored, expected.ToString(CultureInfo.InvariantCulture), null);
            }

            for (var i = 0; i < texts.Length; i++)
            {
                Key(session.Command(InsertSql), logName, grainId).With("$s", next + i).With("$e", texts[i]).With("$at", now).ExecuteNonQuery();
            }

            return next;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredLogEntry>> ReadAsync(string logName, GrainId grainId, long fromSequence, long toSequence,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        return _database.ReadAsync<IReadOnlyList<StoredLogEntry>>(session =>
        {
            var entries = new List<StoredLogEntry>();
            if (toSequence <= fromSequence)
            {
                return entries;
            }

            using var reader = Key(session.Command(RangeSql), logName, grainId).With("$from", fromSequence).With("$to", toSequence).ExecuteReader();
            while (reader.Read())
            {
                entries.Add(new StoredLogEntry(reader.GetInt64(0), Encoding.UTF8.GetBytes(reader.GetString(1)), SqliteTime.Parse(reader.GetString(2))));
            }

            return entries;
        }, cancellationToken);
    }

    public Task<long> GetNextSequenceAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        return _database.ReadAsync(session => (long)Key(session.Command(NextSql), logName, grainId).ExecuteScalar()!, cancellationToken);
    }

    /// <summary>Group-committed with the other writes, so it lands between two appends, never inside one.</summary>
    public Task DeleteAsync(string logName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        return _database.WriteAsync(session => Key(session.Command(DeleteSql), logName, grainId).ExecuteNonQuery(), cancellationToken);
    }

    private static Microsoft.Data.Sqlite.SqliteCommand Key(Microsoft.Data.Sqlite.SqliteCommand command, string logName, GrainId grainId) =>
        command.With("$t", grainId.Type.ToString()).With("$k", grainId.Key.ToString()).With("$n", logName);
}
