using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary>The <c>partyactors</c> command line, callable in-process with any output writers.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliSettings(stdout, stderr), cancellationToken);

    public static Task<int> RunAsync(string[] args, CliSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = new Connection(settings);
        var root = new RootCommand("partyactors: push roster files to a PartyActors server, read and watch roll-ups, report organizations in and fetch service feedback, read and export periodic reports")
        {
            connection.Url,
            connection.Token,
            RosterPushCommand.Create(settings, connection),
            RollupCommand.Create(settings, connection),
            WatchCommand.Create(settings, connection),
            ReportInCommand.Create(settings, connection),
            ReportCommand.Create(settings, connection),
            TrendCommand.Create(settings, connection),
            ExportCommand.Create(settings, connection),
            ReshapeCommand.Create(settings, connection),
        };

        var invocation = new InvocationConfiguration
        {
            Output = settings.Out,
            Error = settings.Error,
            ProcessTerminationTimeout = settings.HandleProcessTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
