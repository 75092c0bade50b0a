using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// A writer process is killed with SIGKILL in the middle of its writes: every write it had been
/// told was durable must be in the database afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Every_write_acknowledged_before_a_kill_is_in_the_database()
    {
        var connectionString = await fixture.CreateDatabaseAsync("crash");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PartyActors.Storage.Postgres.CrashWriter.dll"));
        info.ArgumentList.Add(connectionString);
        info.ArgumentList.Add("64");

        var acknowledged = new Dictionary<string, long>();
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        Stopwatch? writing = null;
        var lines = 0;
        try
        {
            // Read acknowledgements for 2 s after the first one (the writer starts and migrates
            // first), so the kill lands among many in-flight batches.
            while (watch.Elapsed < TimeSpan.FromSeconds(30) && (writing is null || writing.Elapsed < TimeSpan.FromSeconds(2)))
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (line is null)
                {
                    break;
                }

                writing ??= Stopwatch.StartNew();
                lines++;
                var parts = line.Split(' ');
                acknowledged[parts[0]] = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.True(lines > 100, $"The writer acknowledged only {lines} writes: " + await errors);

        var stored = new Dictionary<string, long>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select grain_key, (payload->>'value')::bigint from grain_state", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        foreach (var (key, value) in acknowledged)
        {
            Assert.True(stored.TryGetValue(key, out var found) && found >= value,
                $"{key}: acknowledged {value}, stored {(stored.TryGetValue(key, out var f) ? f : "nothing")}.");
        }
    }
}
