using System.Globalization;
using Npgsql;
using PartyActors.Runtime;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// The reminder table in PostgreSQL's <c>reminders</c> table; the ETag is the row's version.
/// Reminder changes are rare next to state writes, so each is its own statement (and, being a
/// single statement, its own transaction, durable when it returns).
/// </summary>
internal sealed class PostgresReminderTable(PostgresStore store) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, first_tick, period_ms, last_delivered, version";

    private const string UnconditionalUpsertSql = $"""
        insert into reminders as r ({Columns})
        values (@type, @key, @name, @first_tick, @period_ms, @last_delivered, 1)
        on conflict (grain_type, grain_key, name) do update
            set first_tick = excluded.first_tick, period_ms = excluded.period_ms,
                last_delivered = excluded.last_delivered, version = r.version + 1
        returning r.version
        """;

    private const string ConditionalUpdateSql = """
        update reminders set first_tick = @first_tick, period_ms = @period_ms,
            last_delivered = @last_delivered, version = version + 1
        where grain_type = @type and grain_key = @key and name = @name and version = @version
        returning version
        """;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        QueryAsync($"select {Columns} from reminders order by grain_type, grain_key, name", null, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync($"select {Columns} from reminders where grain_type = @type and grain_key = @key order by name",
            command =>
            {
                command.Parameters.AddWithValue("type", grainId.Type);
                command.Parameters.AddWithValue("key", grainId.Key);
            }, cancellationToken);

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"select {Columns} from reminders where grain_type = @type and grain_key = @key and name = @name",
            command =>
            {
                command.Parameters.AddWithValue("type", grainId.Type);
                command.Parameters.AddWithValue("key", grainId.Key);
                command.Parameters.AddWithValue("name", name);
            }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long? expected = null;
        if (entry.ETag is not null)
        {
            // An ETag this table never issued matches no row.
            expected = long.TryParse(entry.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
        }

        return store.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(expected is null ? UnconditionalUpsertSql : ConditionalUpdateSql, connection);
            command.Parameters.AddWithValue("type", entry.GrainId.Type);
            command.Parameters.AddWithValue("key", entry.GrainId.Key);
            command.Parameters.AddWithValue("name", entry.Name);
            command.Parameters.AddWithValue("first_tick", entry.FirstTick.ToUniversalTime());
            command.Parameters.AddWithValue("period_ms", entry.Period == Timeout.InfiniteTimeSpan ? -1L : (long)entry.Period.TotalMilliseconds);
            command.Parameters.AddWithValue("last_delivered", entry.LastDelivered is { } last ? last.ToUniversalTime() : DBNull.Value);
            if (expected is not null)
            {
                command.Parameters.AddWithValue("version", expected.Value);
            }

            var version = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return version is long v ? v.ToString(CultureInfo.InvariantCulture) : null;
        }, cancellationToken);
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string name, string? etag, CancellationToken cancellationToken)
    {
        long? expected = null;
        if (etag is not null)
        {
            expected = long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
        }

        return store.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "delete from reminders where grain_type = @type and grain_key = @key and name = @name" +
                (expected is null ? string.Empty : " and version = @version"), connection);
            command.Parameters.AddWithValue("type", grainId.Type);
            command.Parameters.AddWithValue("key", grainId.Key);
            command.Parameters.AddWithValue("name", name);
            if (expected is not null)
            {
                command.Parameters.AddWithValue("version", expected.Value);
            }

            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
        }, cancellationToken);
    }

    private Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<NpgsqlCommand>? parameters, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<ReminderEntry>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            parameters?.Invoke(command);
            var rows = new List<ReminderEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var periodMs = reader.GetInt64(4);
                rows.Add(new ReminderEntry(
                    new GrainId(reader.GetString(0), reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    periodMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(periodMs),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetInt64(6).ToString(CultureInfo.InvariantCulture)));
            }

            return rows;
        }, cancellationToken);
}
