using Npgsql;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// Moves the reminders of the service's previous runtime (set aside by migration 0003 as
/// <c>reminders_before_orleans</c>) into Orleans' reminder table, under the silo's service id and
/// with the grain-id hash Orleans reads them by. Runs at a silo's start, after the migrations; the
/// first silo converts, any later one finds nothing to do. A reminder keeps its first tick and
/// period, so Orleans delivers the next tick when it falls due (or at once if it fell due while the
/// service was being upgraded).
/// </summary>
internal static class PostgresReminderConversion
{
    private const string OldTable = "reminders_before_orleans";

    /// <summary>Converts what there is; returns the number of reminders moved.</summary>
    public static async Task<int> ConvertAsync(string connectionString, string serviceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The migrator's lock: silos starting together convert once.
        await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({PostgresMigrator.LockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var exists = new NpgsqlCommand($"select to_regclass('{OldTable}') is not null", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        var rows = new List<(string GrainType, string GrainKey, string Name, DateTime FirstTick, long PeriodMs)>();
        await using (var select = new NpgsqlCommand($"select grain_type, grain_key, name, first_tick, period_ms from {OldTable}", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTime>(3), reader.GetInt64(4)));
            }
        }

        foreach (var row in rows)
        {
            var grainId = GrainId.Create(row.GrainType, row.GrainKey);
            await using var insert = new NpgsqlCommand(
                """
                insert into orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
                values (@service, @grain, @name, @hash, @start, @period, nextval('orleans_reminders_etag'))
                on conflict (service_id, grain_id, reminder_name) do nothing
                """, connection, transaction);
            insert.Parameters.AddWithValue("service", serviceId);
            insert.Parameters.AddWithValue("grain", grainId.ToString());
            insert.Parameters.AddWithValue("name", row.Name);
            insert.Parameters.AddWithValue("hash", unchecked((int)grainId.GetUniformHashCode()));
            insert.Parameters.AddWithValue("start", row.FirstTick);

            // Orleans refuses a period under its minimum (1 minute); the old runtime allowed shorter ones.
            insert.Parameters.AddWithValue("period", Math.Max(row.PeriodMs, 60_000L));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var drop = new NpgsqlCommand($"drop table {OldTable}", connection, transaction))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }
}
