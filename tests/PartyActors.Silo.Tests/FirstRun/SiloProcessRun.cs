using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PartyActors.Silo.Tests.Deploy;

namespace PartyActors.Silo.Tests.FirstRun;

/// <summary>
/// The built silo (<c>dotnet PartyActors.Silo.dll</c>) as a child process, configured only as an
/// operator would: environment variables and arguments, none inherited from the test run that
/// would choose an address. For what only the real host shows (which addresses it listens on).
/// </summary>
internal sealed class SiloProcessRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private SiloProcessRun(Process process) => _process = process;

    /// <summary>What the process wrote so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The silo assembly of the same build configuration as this test assembly.</summary>
    public static string SiloAssembly
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            return Path.Combine(DeployFiles.Root, "src", "PartyActors.Silo", "bin", configuration, framework.Name, "PartyActors.Silo.dll");
        }
    }

    /// <summary>Starts the silo with the memory store, no demo, and its own Orleans ports, plus <paramref name="environment"/>.</summary>
    public static SiloProcessRun Start(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(SiloAssembly);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            var key = name.Replace("ASPNETCORE_", "", StringComparison.OrdinalIgnoreCase).Replace("DOTNET_", "", StringComparison.OrdinalIgnoreCase);
            if (key.Equals("URLS", StringComparison.OrdinalIgnoreCase) || key.Contains("PORTS", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Kestrel", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        // Its appsettings files sit beside it; the working directory is the test's to choose.
        start.Environment["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(SiloAssembly)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Storage__Provider"] = "Memory";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Cluster__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Cluster__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var run = new SiloProcessRun(process);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until <c>GET /health/live</c> at <paramref name="baseAddress"/> answers 200; fails with the output when it does not in time.</summary>
    public async Task WaitUntilLiveAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The silo exited with code {_process.ExitCode} before {baseAddress} answered. Its output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{baseAddress}/health/live did not answer 200 within {timeout}. The silo's output:\n{Output}");
    }

    /// <summary>Waits until the output holds <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || _process.HasExited)
            {
                Assert.Fail($"The silo did not write '{text}'. Its output:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
