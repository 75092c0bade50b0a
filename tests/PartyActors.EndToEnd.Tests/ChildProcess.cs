using System.Diagnostics;
using System.Globalization;

namespace PartyActors.EndToEnd;

/// <summary>
/// A <c>dotnet &lt;assembly&gt;</c> child process whose output is kept, line by line and stamped,
/// so that a failure can show what the process said. Killing it kills its whole tree (SIGKILL on
/// Linux: a crash, not a stop).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _transcript = [];
    private readonly List<string> _stdout = [];
    private readonly Lock _lock = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout, as written.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stdout);
            }
        }
    }

    /// <summary>How many lines the process has written to stdout so far.</summary>
    public int StandardOutputLines
    {
        get
        {
            lock (_lock)
            {
                return _stdout.Count;
            }
        }
    }

    /// <summary>Every line of stdout and stderr in order of arrival, stamped with the time since start.</summary>
    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _transcript);
            }
        }
    }

    /// <summary>
    /// The transcript cut to its first <paramref name="head"/> and last <paramref name="tail"/> lines, with
    /// every distinct error the process logged in between (the log line, its message and the first line
    /// of its exception, once per logger and exception type, with a count): a long run's failure is
    /// found without 80,000 lines.
    /// </summary>
    public string Summary(int head = 100, int tail = 300)
    {
        string[] lines;
        lock (_lock)
        {
            lines = [.. _transcript];
        }

        if (lines.Length <= head + tail)
        {
            return string.Join('\n', lines);
        }

        var errors = new Dictionary<string, (string[] Entry, int Count)>();
        for (var i = head; i < lines.Length - tail; i++)
        {
            if (!lines[i].Contains("] fail: ", StringComparison.Ordinal) && !lines[i].Contains("] crit: ", StringComparison.Ordinal))
            {
                continue;
            }

            // One per logger and exception type: the messages name grains, and would make every entry distinct.
            var entry = lines[i..Math.Min(lines.Length, i + 3)];
            var key = string.Join('|', entry.Where((_, index) => index != 1).Select(static line =>
            {
                var text = line[(line.IndexOf(']', StringComparison.Ordinal) + 1)..].Trim();
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 && !text.StartsWith("fail:", StringComparison.Ordinal) && !text.StartsWith("crit:", StringComparison.Ordinal)
                    ? text[..colon]
                    : text;
            }));
            errors[key] = errors.TryGetValue(key, out var seen) ? (seen.Entry, seen.Count + 1) : (entry, 1);
        }

        var summary = new List<string>(lines[..head]) { $"… {lines.Length - head - tail} lines left out; the {errors.Count} distinct errors among them: …" };
        foreach (var (entry, count) in errors.Values.Take(40))
        {
            summary.AddRange(entry);
            summary.Add($"    (logged {count} times)");
        }

        summary.Add("… the end: …");
        summary.AddRange(lines[^tail..]);
        return string.Join('\n', summary);
    }

    public static ChildProcess StartDotnet(
        string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Add(e.Data, "out");
        process.ErrorDataReceived += (_, e) => child.Add(e.Data, "err");
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} (dotnet {assembly}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to end; past the timeout, kills it and fails with its transcript.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"{_name} did not exit within {timeout.TotalSeconds:F0} s; killed. Its output:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for a line of stdout that <paramref name="match"/> accepts; fails with the transcript if none comes.</summary>
    /// <param name="skip">Lines before this one (a <see cref="StandardOutputLines"/> read earlier) are not looked at.</param>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout, int skip = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                if (_stdout.Skip(skip).FirstOrDefault(match) is { } line)
                {
                    return line;
                }
            }

            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                var state = _process.HasExited ? $"exited with {_process.ExitCode}" : $"still running after {timeout.TotalSeconds:F0} s";
                throw new TimeoutException($"{_name} printed no line showing {what} ({state}). Its output:\n{Transcript}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process and its children at once (SIGKILL), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to kill.
        }

        _process.Dispose();
    }

    private void Add(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _transcript.Add(string.Create(CultureInfo.InvariantCulture, $"[{_name} {_clock.Elapsed.TotalSeconds,7:F3} {stream}] {line}"));
            if (stream == "out")
            {
                _stdout.Add(line);
            }
        }
    }
}
