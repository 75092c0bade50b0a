using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// Orleans' reminder table in the SQLite table <c>orleans_reminders</c>, beside the grain state
/// of the same file. The ETag is the row's version as text. An upsert replaces the row whatever its
/// version (as Orleans' own tables do); a removal needs the version read. Writes are group-committed
/// with the database's other writes, so a grain's reminder and its state become durable in order.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period_ms, version";

    private const string UpsertSql =
        "INSERT INTO orleans_reminders (grain_id, grain_hash, name, start_at, period_ms, version) " +
        "VALUES ($g, $h, $n, $start, $period, 1) " +
        "ON CONFLICT (grain_id, name) DO UPDATE SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, " +
        "period_ms = excluded.period_ms, version = orleans_reminders.version + 1 RETURNING version";

    private const string DeleteSql = "DELETE FROM orleans_reminders WHERE grain_id = $g AND name = $n AND version = $v";

    // (begin, end] on the ring of uint hashes; when begin >= end the range wraps past the top.
    private const string InRangeSql = $"SELECT {Columns} FROM orleans_reminders WHERE grain_hash > $begin AND grain_hash <= $end";
    private const string WrappedRangeSql = $"SELECT {Columns} FROM orleans_reminders WHERE grain_hash > $begin OR grain_hash <= $end";

    private readonly SqliteDatabase _database;

    internal SqliteReminderTable(SqliteDatabase database) => _database = database;

    /// <summary>Opens the database (migrating it), and hashes rows converted from the previous reminder table.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var unhashed = await _database.ReadAsync(session =>
        {
            var ids = new List<string>();
            using var reader = session.Command("SELECT DISTINCT grain_id FROM orleans_reminders WHERE grain_hash IS NULL").ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var id in unhashed)
        {
            var hash = (long)GrainId.Parse(id).GetUniformHashCode();
            await _database.WriteAsync(session => session.Command("UPDATE orleans_reminders SET grain_hash = $h WHERE grain_id = $g")
                .With("$h", hash).With("$g", id).ExecuteNonQuery(), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        _database.ReadAsync(session => ReadEntries(session.Command($"SELECT {Columns} FROM orleans_reminders WHERE grain_id = $g ORDER BY name")
            .With("$g", grainId.ToString())), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        _database.ReadAsync(session => ReadEntries(session.Command(begin < end ? InRangeSql : WrappedRangeSql)
            .With("$begin", (long)begin).With("$end", (long)end)), cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await _database.ReadAsync(session => ReadEntries(session.Command($"SELECT {Columns} FROM orleans_reminders WHERE grain_id = $g AND name = $n")
            .With("$g", grainId.ToString()).With("$n", reminderName)), cancellationToken).ConfigureAwait(false);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName);
        var grainId = entry.GrainId.ToString();
        var hash = (long)entry.GrainId.GetUniformHashCode();
        // Orleans passes UTC; a time without a kind is taken as UTC (as Orleans' ADO.NET table does),
        // and a local one is converted rather than relabelled, so it keeps its instant.
        var start = SqliteTime.Format(entry.StartAt.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(entry.StartAt.Ticks, TimeSpan.Zero)
            : new DateTimeOffset(entry.StartAt));
        var period = (long)entry.Period.TotalMilliseconds;
        return _database.WriteAsync<string?>(session =>
        {
            var version = (long)session.Command(UpsertSql)
                .With("$g", grainId).With("$h", hash).With("$n", entry.ReminderName).With("$start", start).With("$period", period)
                .ExecuteScalar()!;
            return version.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);

        // An ETag this table never issued cannot match any row.
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Task.FromResult(false);
        }

        return _database.WriteAsync(session => session.Command(DeleteSql)
            .With("$g", grainId.ToString()).With("$n", reminderName).With("$v", version)
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        _database.WriteAsync(session => session.Command("DELETE FROM orleans_reminders").ExecuteNonQuery(), cancellationToken);

    private static ReminderTableData ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = SqliteTime.Parse(reader.GetString(2)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
