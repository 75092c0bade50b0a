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
        var root = CreateRoot(settings);
        var invocation = new InvocationConfiguration
        {
            Output = settings.Out,
            Error = settings.Error,
            ProcessTerminationTimeout = settings.HandleProcessTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The whole command tree, built without running anything (a test walks it for the operations each command calls).</summary>
    public static RootCommand CreateRoot(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = new Connection(settings);
        var root = new RootCommand("partyactors: every route of the PartyActors API from the command line, as nouns with verbs (docs/client.md)")
        {
            connection.Url,
            connection.Token,
            OrgsCommand.Create(settings, connection),
            ListCommand.Create(settings, connection),
            MembersCommand.Create(settings, connection),
            MemberCommitmentsCommand.Create(settings, connection),
            PointsCommand.Create(settings, connection),
            RankCommand.Create(settings, connection),
            RewardsCommand.Create(settings, connection),
            ProjectsCommand.Create(settings, connection),
            CommitmentsCommand.Create(settings, connection),
            SupervisionCommand.Create(settings, connection),
            RequestsCommand.Create(settings, connection),
            ErrandsCommand.Create(settings, connection),
            CalendarCommand.Create(settings, connection),
            LifeCommand.Create(settings, connection),
            MeetingsCommand.Create(settings, connection),
            AssessmentCommand.Create(settings, connection),
        };
        foreach (var command in CoBuildingCommand.Create(settings, connection))
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in new Command[]
        {
            ReportInCommand.Create(settings, connection),
            ReshapeCommand.Create(settings, connection),
            RosterPushCommand.Create(settings, connection),
            RollupCommand.Create(settings, connection),
            WatchCommand.Create(settings, connection),
            ReportCommand.Create(settings, connection),
            TrendCommand.Create(settings, connection),
            ExportCommand.Create(settings, connection),
            ReportScheduleCommand.Create(settings, connection),
            DashboardCommand.Create(settings, connection),
            AuditCommand.Create(settings, connection),
            TokenCommand.Create(settings, connection),
            HealthCommand.Create(settings, connection),
        })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
