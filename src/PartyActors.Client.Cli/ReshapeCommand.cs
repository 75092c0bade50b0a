using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors reshape split|merge|get</c>: splits and merges of communities (docs/reshaping.md).
/// split and merge print the operation's id and, with <c>--wait</c>, follow it to the end.
/// </summary>
internal static class ReshapeCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("reshape", "Split a community, merge two, and follow the operation")
        {
            Split(settings, connection),
            Merge(settings, connection),
            Get(settings, connection),
        };

    private static Command Split(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The community or village to split" };
        var newId = new Option<string>("--new-id") { Description = "The new community's id", Required = true };
        var name = new Option<string>("--name") { Description = "The new community's name", Required = true };
        var parent = new Option<string?>("--parent") { Description = "The new community's parent [default: the split one's]" };
        var grids = new Option<string[]>("--grid") { Description = "A grid that goes to the new community (repeat for more)", AllowMultipleArgumentsPerToken = true };
        var members = new Option<string[]>("--member") { Description = "A member of record that transfers to the new community (repeat for more)", AllowMultipleArgumentsPerToken = true };
        var items = new Option<string[]>("--item") { Description = "An open item that goes too, as kind:id (commitment:c-1, project:p-1, resident-request:q-1, organization-report-in:u-1)", AllowMultipleArgumentsPerToken = true };
        var wait = WaitOption();
        var command = new ApiCommand("split", "Split a community: a new one takes the chosen grids, members and items", "POST /api/v1/orgs/{orgId}/split", "GET /api/v1/reshapes/{reshapeId}")
        {
            orgId, newId, name, parent, grids, members, items, wait,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            var moveItems = (parseResult.GetValue(items) ?? []).Select(ParseItem).ToList();
            var request = new SplitCommunityRequest(
                new NewCommunity(parseResult.GetValue(newId)!, parseResult.GetValue(name)!, parseResult.GetValue(parent)),
                parseResult.GetValue(grids) ?? [], parseResult.GetValue(members) ?? [], moveItems);
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reshape = await client.SplitCommunityAsync(parseResult.GetValue(orgId)!, request, idempotencyKey: Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
            return await FollowAsync(settings, client, reshape, parseResult.GetValue(wait), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Merge(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The community that absorbs the other" };
        var fromOrgId = new Argument<string>("fromOrgId") { Description = "The community absorbed (dissolved at the end)" };
        var wait = WaitOption();
        var command = new ApiCommand("merge", "Merge a community into another: its grids, members and open items follow", "POST /api/v1/orgs/{orgId}/merge", "GET /api/v1/reshapes/{reshapeId}")
        {
            orgId, fromOrgId, wait,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reshape = await client.MergeCommunitiesAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(fromOrgId)!, idempotencyKey: Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
            return await FollowAsync(settings, client, reshape, parseResult.GetValue(wait), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Get(CliSettings settings, Connection connection)
    {
        var reshapeId = new Argument<string>("reshapeId") { Description = "The operation's id, as split or merge printed it" };
        var command = new ApiCommand("get", "Print a split's or merge's progress and what could not follow", "GET /api/v1/reshapes/{reshapeId}") { reshapeId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reshape = await client.GetReshapeAsync(parseResult.GetValue(reshapeId)!, cancellationToken).ConfigureAwait(false);
            await PrintAsync(settings, reshape).ConfigureAwait(false);
            return ExitCode(reshape);
        }));
        return command;
    }

    private static Option<bool> WaitOption() => new("--wait") { Description = "Follow the operation until it completes or fails" };

    private static async Task<int> FollowAsync(CliSettings settings, PartyActorsClient client, Reshape reshape, bool wait, CancellationToken cancellationToken)
    {
        await settings.Out.WriteLineAsync($"{reshape.Id}\taccepted\t{reshape.Kind} of {reshape.OrgId} and {reshape.OtherOrgId}, {reshape.StepsTotal} steps").ConfigureAwait(false);
        if (!wait)
        {
            return ExitCodes.Success;
        }

        var finished = await client.WaitForReshapeAsync(reshape.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        await PrintAsync(settings, finished).ConfigureAwait(false);
        return ExitCode(finished);
    }

    private static async Task PrintAsync(CliSettings settings, Reshape reshape)
    {
        await settings.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{reshape.Id}\t{reshape.Status}\t{reshape.Kind} of {reshape.OrgId} and {reshape.OtherOrgId}\t{reshape.StepsDone}/{reshape.StepsTotal} steps")).ConfigureAwait(false);
        foreach (var error in reshape.Errors)
        {
            await settings.Out.WriteLineAsync($"  {error.Step}\t{error.Code}\t{error.Message}").ConfigureAwait(false);
        }
    }

    private static int ExitCode(Reshape reshape) => reshape.Status == ReshapeStatuses.Failed ? ExitCodes.Failure : ExitCodes.Success;

    private static ReshapeItem ParseItem(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1
            ? new ReshapeItem(text[..colon], text[(colon + 1)..])
            : throw new CliException($"--item takes kind:id (commitment:c-1), not '{text}'.");
    }
}
