using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// The schema's versioned migrations: the embedded <c>Migrations/NNNN_name.sql</c> resources,
/// applied in order at start-up and recorded in <c>schema_version</c>. Applying is idempotent:
/// a version already recorded is skipped, and the check and the scripts run in one immediate
/// transaction, so two processes opening a new file at once cannot both apply a script.
/// </summary>
internal static class SqliteMigrations
{
    private const string ResourcePrefix = "PartyActors.Storage.Sqlite.Migrations.";

    /// <summary>The migrations shipped with this assembly, by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Load();

    /// <summary>Applies the missing migrations; returns how many were applied.</summary>
    public static int Apply(SqliteSession session, DateTimeOffset now)
    {
        session.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            var applied = new HashSet<long>();
            using (var reader = session.Command("SELECT version FROM schema_version").ExecuteReader())
            {
                while (reader.Read())
                {
                    applied.Add(reader.GetInt64(0));
                }
            }

            var count = 0;
            foreach (var (version, name, sql) in All)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                using (var script = session.Connection.CreateCommand())
                {
#pragma warning disable CA2100 // The SQL is this assembly's own embedded migration script.
                    script.CommandText = sql;
#pragma warning restore CA2100
                    script.ExecuteNonQuery();
                }

                session.Command("INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $at)")
                    .With("$v", version).With("$n", name)
                    .With("$at", SqliteTime.Format(now))
                    .ExecuteNonQuery();
                count++;
            }

            session.Execute("COMMIT");
            return count;
        }
        catch
        {
            try
            {
                session.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // Already rolled back by SQLite (after an I/O error); the original error matters.
            }

            throw;
        }
    }

    private static List<(int Version, string Name, string Sql)> Load()
    {
        var assembly = typeof(SqliteMigrations).Assembly;
        var migrations = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(underscore < 0 ? name : name[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            migrations.Add((version, name, text.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }
}
