using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors orgs get|put|children|dissolve|rebuild</c>: organizations (grids are organizations of kind <c>grid</c>).</summary>
internal static class OrgsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("orgs", "Organizations: read, create or move, list children, dissolve, rebuild roll-ups")
        {
            Get(settings, connection),
            Put(settings, connection),
            Children(settings, connection),
            Dissolve(settings, connection),
            Rebuild(settings, connection),
        };

    private static Argument<string> OrgId() => new("orgId") { Description = "The organization" };

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var json = JsonOption();
        var command = new ApiCommand("get", "Print an organization: name, kind, parent, children, where it is reported in, and its roll-up", "GET /api/v1/orgs/{orgId}") { orgId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var org = await client.GetOrganizationAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, org).ConfigureAwait(false);
                return;
            }

            var rows = new List<(string, string?)>
            {
                ("id", org.Id),
                ("name", org.Name),
                ("kind", org.Kind),
                ("parentId", org.ParentId),
                ("children", org.ChildIds.Count == 0 ? null : string.Join(", ", org.ChildIds)),
                ("reportedIn", org.ReportedIn is { } reportIn ? $"{reportIn.CommunityId} since {Time(reportIn.At)}" : null),
            };
            if (org.Rollup is { } rollup)
            {
                rows.AddRange(rollup.Metrics.Select(metric => (metric.Key, (string?)Number(metric.Value))));
            }

            await WriteRowsAsync(settings.Out, rows).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Put(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var name = new Option<string?>("--name") { Description = "The organization's name" };
        var kind = new Option<string?>("--kind") { Description = "district, street, township, community, village, grid, committee, general-branch, branch, party-group, agency, institution, enterprise, social-org, joint-branch or temporary" };
        var parent = new Option<string?>("--parent") { Description = "The parent organization; leave out only for a root. A new parent moves the subtree" };
        var file = new Option<FileInfo?>("--file") { Description = "The body as JSON ({ name, kind, parentId }) instead of the options" };
        var command = new ApiCommand("put", "Create or update an organization; a new parent moves its subtree and roll-ups", "PUT /api/v1/orgs/{orgId}") { orgId, name, kind, parent, file };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var body = parseResult.GetValue(file) is { } json
                ? await ReadJsonFileAsync<PutOrganizationRequest>(json, cancellationToken).ConfigureAwait(false)
                : new PutOrganizationRequest(Need(parseResult, name)!, Need(parseResult, kind)!, parseResult.GetValue(parent));
            var id = parseResult.GetValue(orgId)!;
            var outcome = await client.PutOrganizationAsync(id, body, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: {(outcome == PutOutcome.Created ? "created" : "updated")}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Children(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var sort = new Option<string?>("--sort") { Description = "Rank the children by this metric (members, points, requestsOverdue, …) and print its value" };
        var order = new Option<string?>("--order") { Description = "desc (the default) or asc" };
        order.AcceptOnlyFromAmong("desc", "asc");
        var json = JsonOption();
        var command = new ApiCommand("children", "Print an organization's children, one a line: id, kind, name (tab-separated), and the --sort metric", "GET /api/v1/orgs/{orgId}/children") { orgId, sort, order, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var metric = parseResult.GetValue(sort);
            var direction = parseResult.GetValue(order) switch
            {
                "asc" => SortOrder.Ascending,
                "desc" => SortOrder.Descending,
                _ => (SortOrder?)null,
            };
            var children = await client.GetChildrenAsync(parseResult.GetValue(orgId)!, metric, direction, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, children).ConfigureAwait(false);
                return;
            }

            foreach (var child in children.Items)
            {
                var value = metric is not null && child.Rollup?.Metrics.TryGetValue(metric, out var figure) == true ? "\t" + Number(figure) : string.Empty;
                await settings.Out.WriteLineAsync($"{child.Id}\t{child.Kind}\t{child.Name}{value}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Dissolve(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var command = new ApiCommand("dissolve", "Dissolve an organization that has no children and no members", "DELETE /api/v1/orgs/{orgId}") { orgId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var id = parseResult.GetValue(orgId)!;
            await client.DissolveOrganizationAsync(id, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: dissolved").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Rebuild(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var command = new ApiCommand("rebuild", "Admins: recount the subtree's roll-ups from their sources and print the organization's roll-up", "POST /api/v1/orgs/{orgId}/rollup/rebuild") { orgId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var rollup = await client.RebuildRollupAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            await RollupCommand.WriteAsync(settings.Out, rollup).ConfigureAwait(false);
        });
        return command;
    }
}
