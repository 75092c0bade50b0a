using System.Globalization;
using System.Reflection;
using Npgsql;

namespace PartyActors.Storage.Postgres;

/// <summary>
/// Brings a database's schema up to date from the SQL scripts embedded in this assembly
/// (<c>Migrations/NNNN_name.sql</c>), recording each applied version in <c>schema_version</c>.
/// Idempotent, and safe when several silos start at once: the whole run holds a
/// transaction-level advisory lock, so a second migrator waits and then finds nothing to do.
/// </summary>
public static class PostgresMigrator
{
    /// <summary>An arbitrary constant naming the migration lock ("PAMIGRAT" in ASCII).</summary>
    internal const long LockKey = 0x50414D4947524154;

    /// <summary>Applies the missing migrations to the database named by <paramref name="connectionString"/>.</summary>
    /// <returns>The versions applied by this call (empty when the schema was already current).</returns>
    public static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The lock comes first, even before creating schema_version: two concurrent
        // "create table if not exists" can still collide on the catalog.
        await ExecuteAsync(connection, transaction, $"select pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "create table if not exists schema_version (version integer primary key, applied_at timestamptz not null default now())",
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("select version from schema_version", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<int>();
        foreach (var (version, sql) in Scripts())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("insert into schema_version (version) values (@version)", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            done.Add(version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    /// <summary>The embedded scripts, in version order.</summary>
    internal static IEnumerable<(int Version, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        const string Prefix = "Migrations/";
        var scripts = new List<(int, string)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = name[Prefix.Length..];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(underscore > 0 ? file[..underscore] : file[..^4], NumberStyles.None, CultureInfo.InvariantCulture);
            scripts.Add((version, Read(assembly, name)));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return scripts;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
