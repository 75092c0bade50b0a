using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PartyActors.Storage.Sqlite.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_a_SIGKILL()
    {
        using var file = new TempDatabaseFile();
        const int writers = 32;
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { CrashWriterPath(), file.Path, writers.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = 0;
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (ready != "ready")
            {
                // Only now: reading stderr to its end waits for the writer to exit.
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The crash writer said '{ready}': {await process.StandardError.ReadToEndAsync()}");
            }

            // Let it write for a moment, then kill it in the middle of its batches.
            var until = Stopwatch.StartNew();
            while (until.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                Record(await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }

        // Lines already in the pipe were acknowledged before the kill too.
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            Record(line);
        }
        await process.WaitForExitAsync();
        Assert.True(lines > 100, $"only {lines} writes were acknowledged before the kill");
        Assert.True(acknowledged.Count > writers / 2, $"only {acknowledged.Count} writers got through");

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString());
        connection.Open();
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT grain_key, json_extract(payload, '$.value') FROM grain_state WHERE grain_type = 'crash'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        foreach (var (key, value) in acknowledged)
        {
            Assert.True(stored.TryGetValue(key, out var found) && found >= value, $"{key}: acknowledged {value}, stored {(stored.ContainsKey(key) ? found : "nothing")}");
        }

        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            var parts = line.Split(' ');
            var value = long.Parse(parts[1], CultureInfo.InvariantCulture);
            acknowledged[parts[0]] = Math.Max(value, acknowledged.GetValueOrDefault(parts[0]));
            lines++;
        }
    }

    /// <summary>The crash writer built beside this test project, in the same configuration.</summary>
    private static string CrashWriterPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "PartyActors.Storage.Sqlite.CrashWriter", "bin", configuration, framework, "PartyActors.Storage.Sqlite.CrashWriter.dll");
        Assert.True(File.Exists(path), $"The crash writer is not built: {path}");
        return path;
    }
}
