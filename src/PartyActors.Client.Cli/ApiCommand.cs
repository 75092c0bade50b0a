using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary>
/// A command that calls the server, naming the operations it calls (<c>"METHOD /api/v1/route"</c>,
/// as <see cref="ApiOperationAttribute"/> spells them) so a test can check the CLI covers every route.
/// </summary>
internal sealed class ApiCommand(string name, string description, params string[] operations) : Command(name, description)
{
    /// <summary>The operations this command calls.</summary>
    public IReadOnlyList<string> Operations { get; } = operations;
}
