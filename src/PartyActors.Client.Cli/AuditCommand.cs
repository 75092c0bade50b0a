using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors audit</c>: the audit trail of writes.</summary>
internal static class AuditCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var org = new Option<string?>("--org") { Description = "The organization [default: the token's own]" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only writes at or after this time (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only writes before this time (ISO 8601)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many, 1 to 1000 [default: 100]" };
        var json = JsonOption();
        var command = new ApiCommand("audit", "Print the writes that concerned an organization, newest first: time, status, method, path, caller", "GET /api/v1/audit") { org, from, to, limit, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var page = await client.GetAuditTrailAsync(parseResult.GetValue(org), parseResult.GetValue(from), parseResult.GetValue(to), parseResult.GetValue(limit), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, page).ConfigureAwait(false);
                return;
            }

            foreach (var entry in page.Items)
            {
                await settings.Out.WriteLineAsync($"{Time(entry.At)}\t{Number(entry.Status)}\t{entry.Method}\t{entry.Path}\t{entry.Sub} ({string.Join(",", entry.Roles)})").ConfigureAwait(false);
            }
        });
        return command;
    }
}
