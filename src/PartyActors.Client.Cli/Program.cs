namespace PartyActors.Client.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CliApp.RunAsync(args, new CliSettings(Console.Out, Console.Error)
        {
            HandleProcessTermination = true,
            InteractiveProgress = !Console.IsErrorRedirected,
        });
}
