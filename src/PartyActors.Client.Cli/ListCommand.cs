using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors list</c>: find ids: organizations and members of record within the caller's scope, listed or searched (docs/lists.md).</summary>
internal static class ListCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("list", "Find ids: list or search organizations and members of record in your scope")
        {
            Organizations(settings, connection),
            Members(settings, connection),
        };

    private static ApiCommand Organizations(CliSettings settings, Connection connection)
    {
        var parent = new Option<string?>("--parent") { Description = "List this organization's children (with --query: search its whole subtree)" };
        var query = new Option<string?>("--query", "-q") { Description = "Only those whose name contains this (any case) or whose id starts with it, at any depth" };
        var command = new ApiCommand(
            "orgs",
            "Print organizations one a line: id, kind, parent, name (tab-separated). Without options: the top of your scope",
            "GET /api/v1/orgs")
        {
            parent,
            query,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            string? after = null;
            do
            {
                var page = await client.ListOrganizationsAsync(parseResult.GetValue(parent), parseResult.GetValue(query), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var org in page.Items)
                {
                    await settings.Out.WriteLineAsync($"{org.Id}\t{org.Kind}\t{org.ParentId ?? "-"}\t{org.Name}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
        });
        return command;
    }

    private static ApiCommand Members(CliSettings settings, Connection connection)
    {
        var org = new Option<string?>("--org") { Description = "This organization's members of record (with --query: its whole subtree's)" };
        var query = new Option<string?>("--query", "-q") { Description = "Only those whose name contains this (any case) or whose id starts with it" };
        var command = new ApiCommand(
            "members",
            "Print members of record one a line: id, organization, status, category, name (tab-separated). Without options: your whole scope's",
            "GET /api/v1/members")
        {
            org,
            query,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            string? after = null;
            do
            {
                var page = await client.ListMembersAsync(parseResult.GetValue(org), parseResult.GetValue(query), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var member in page.Items)
                {
                    await settings.Out.WriteLineAsync($"{member.Id}\t{member.OrgId}\t{member.Status}\t{member.Category}\t{member.Name}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
        });
        return command;
    }
}
