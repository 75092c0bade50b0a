using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PartyActors.Storage.Postgres.Testing;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: <c>initdb</c> on a temporary directory,
/// <c>pg_ctl start</c> on a free loopback port, <c>pg_ctl stop -m immediate</c> and delete on
/// disposal. PostgreSQL refuses to run as root, so as root the directory is given to the
/// <c>postgres</c> user and the tools run through <c>runuser -u postgres --</c>. fsync stays on:
/// the figures and the crash test are about durable commits. (Shared by the test project and,
/// as a linked file, the benchmarks: it must not depend on xunit.)
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string root, int port, bool asPostgresUser)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>
    /// A connection string to <paramref name="database"/> on this server, as the superuser. It names no
    /// pool size, so silos started on it use the store's own cap, as a deployment's would.
    /// </summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>Creates and starts a server; fails with install instructions when PostgreSQL is absent.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were found neither on PATH nor under /usr/lib/postgresql/*/bin. " +
            "Install them: apt-get install -y postgresql (or run scripts/test.sh, which does).");
        var root = Path.Combine(Path.GetTempPath(), "pa-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root";
        var server = new PostgresServer(bin, root, FreePort(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root]).ConfigureAwait(false);
            }

            await server.RunToolAsync("initdb", ["-D", server._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]).ConfigureAwait(false);
            await server.StartAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public Task StartAsync() => RunToolAsync("pg_ctl",
        ["start", "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"),
         "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200"]);

    /// <summary>Stops the server: "fast" disconnects clients cleanly, "immediate" is a crash.</summary>
    public Task StopAsync(string mode = "fast") => RunToolAsync("pg_ctl", ["stop", "-D", _data, "-w", "-m", mode]);

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = (prefix + "_" + Guid.NewGuid().ToString("N")[..8]).ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                await StopAsync("immediate").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing to do but delete.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; a failing disposal would hide the real result.
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
    }

    private static string? FindBinaries()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(directory, "initdb");
            if (File.Exists(initdb))
            {
                // Debian links initdb into PATH but not always pg_ctl: use the real directory.
                var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                var bin = Path.GetDirectoryName(real)!;
                if (File.Exists(Path.Combine(bin, "pg_ctl")))
                {
                    return bin;
                }
            }
        }

        const string Versions = "/usr/lib/postgresql";
        if (!Directory.Exists(Versions))
        {
            return null;
        }

        return Directory.GetDirectories(Versions)
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
