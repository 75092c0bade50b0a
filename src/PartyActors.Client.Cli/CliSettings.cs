namespace PartyActors.Client.Cli;

/// <summary>What the command line reads from and writes to; the process passes its own, tests their fakes.</summary>
/// <param name="Out">Results: summaries, rejected lines, roll-ups.</param>
/// <param name="Error">Progress and errors, so that results stay clean when piped.</param>
internal sealed record CliSettings(TextWriter Out, TextWriter Error)
{
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Where files are written when the command names no directory.</summary>
    public Func<string> GetCurrentDirectory { get; init; } = Directory.GetCurrentDirectory;

    /// <summary>Whether Ctrl+C and SIGTERM cancel the running command; only the real process owns the signals.</summary>
    public bool HandleProcessTermination { get; init; }

    /// <summary>Whether progress rewrites one line of a terminal (<c>\r</c>) instead of printing a line per step.</summary>
    public bool InteractiveProgress { get; init; }

    /// <summary>The pause between polls of a roster batch; null: the client's default.</summary>
    public TimeSpan? PollInterval { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
