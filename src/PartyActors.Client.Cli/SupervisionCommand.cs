using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors supervision list|close</c>: supervised handling (督办) of overdue commitments.</summary>
internal static class SupervisionCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization: its whole subtree" };
        var json = JsonOption();
        var list = new ApiCommand("list", "Print the open items of a subtree: id, supervising organization, owner's organization, due, commitment, title", "GET /api/v1/orgs/{orgId}/supervision") { orgId, json };
        list.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var items = await client.ListSupervisionAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, items).ConfigureAwait(false);
                return;
            }

            foreach (var item in items.Items)
            {
                await settings.Out.WriteLineAsync($"{item.Id}\t{item.OrgId}\t{item.OwnerOrgId}\t{CommitmentsCommand.Day(item.DueOn)}\t{item.CommitmentId}\t{item.Title}").ConfigureAwait(false);
            }
        });

        var itemId = new Argument<string>("itemId") { Description = "The supervised-handling item" };
        var note = new Option<string>("--note") { Description = "How it was handled", Required = true };
        var close = new ApiCommand("close", "Close an item with a note saying how it was handled", "POST /api/v1/supervision/{itemId}/close") { itemId, note };
        close.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var item = await client.CloseSupervisionAsync(parseResult.GetValue(itemId)!, parseResult.GetValue(note)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{item.Id}: closed {Time(item.ClosedAt)} by {item.ClosedBy}").ConfigureAwait(false);
        });

        return new Command("supervision", "Supervised handling (督办) of overdue commitments") { list, close };
    }
}
