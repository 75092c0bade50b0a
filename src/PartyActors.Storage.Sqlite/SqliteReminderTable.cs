using System.Globalization;
using Microsoft.Data.Sqlite;
using PartyActors.Runtime;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// The reminder table in the SQLite table <c>reminders</c>. The ETag is the row's version as text.
/// Upserts and removals are group-committed with the database's other writes.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, first_tick, period_ms, last_delivered, version";

    private const string UpsertSql =
        "INSERT INTO reminders (grain_type, grain_key, name, first_tick, period_ms, last_delivered, version) " +
        "VALUES ($t, $k, $n, $first, $period, $last, 1) " +
        "ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET first_tick = excluded.first_tick, " +
        "period_ms = excluded.period_ms, last_delivered = excluded.last_delivered, version = reminders.version + 1 RETURNING version";

    private const string UpdateSql =
        "UPDATE reminders SET first_tick = $first, period_ms = $period, last_delivered = $last, version = version + 1 " +
        "WHERE grain_type = $t AND grain_key = $k AND name = $n AND version = $v RETURNING version";

    private const string DeleteSql =
        "DELETE FROM reminders WHERE grain_type = $t AND grain_key = $k AND name = $n AND ($v IS NULL OR version = $v)";

    private readonly SqliteDatabase _database;

    internal SqliteReminderTable(SqliteDatabase database) => _database = database;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(session => ReadEntries(session.Command($"SELECT {Columns} FROM reminders ORDER BY grain_type, grain_key, name")), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _database.ReadAsync(session => ReadEntries(session.Command($"SELECT {Columns} FROM reminders WHERE grain_type = $t AND grain_key = $k ORDER BY name")
            .With("$t", grainId.Type).With("$k", grainId.Key)), cancellationToken);

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await _database.ReadAsync(session => ReadEntries(session.Command($"SELECT {Columns} FROM reminders WHERE grain_type = $t AND grain_key = $k AND name = $n")
            .With("$t", grainId.Type).With("$k", grainId.Key).With("$n", name)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var first = SqliteTime.Format(entry.FirstTick);
        // A reminder that ticks once has no period: NULL, as Timeout.InfiniteTimeSpan is no duration.
        object? period = entry.Period == Timeout.InfiniteTimeSpan ? null : (long)entry.Period.TotalMilliseconds;
        var last = entry.LastDelivered is { } delivered ? SqliteTime.Format(delivered) : null;
        long? expected = null;
        if (entry.ETag is not null)
        {
            if (!long.TryParse(entry.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                // An ETag this table never issued cannot match any row.
                return Task.FromResult<string?>(null);
            }

            expected = parsed;
        }

        return _database.WriteAsync(session =>
        {
            var command = expected is null ? session.Command(UpsertSql) : session.Command(UpdateSql).With("$v", expected);
            var version = command.With("$t", entry.GrainId.Type).With("$k", entry.GrainId.Key).With("$n", entry.Name)
                .With("$first", first).With("$period", period).With("$last", last).ExecuteScalar() as long?;
            return version?.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string name, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        long? expected = null;
        if (etag is not null)
        {
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Task.FromResult(false);
            }

            expected = parsed;
        }

        return _database.WriteAsync(session => session.Command(DeleteSql)
            .With("$t", grainId.Type).With("$k", grainId.Key).With("$n", name).With("$v", expected)
            .ExecuteNonQuery() > 0, cancellationToken);
    }

    private static IReadOnlyList<ReminderEntry> ReadEntries(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry(
                GrainId.Create(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                SqliteTime.Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : SqliteTime.Parse(reader.GetString(5)),
                reader.GetInt64(6).ToString(CultureInfo.InvariantCulture)));
        }

        return entries;
    }
}
