using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors rollup</c>: prints an organization's roll-up as two columns, easy to read and to grep.</summary>
internal static class RollupCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var command = new ApiCommand("rollup", "Print an organization's roll-up: its figures over the whole subtree", "GET /api/v1/orgs/{orgId}/rollup") { orgId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var rollup = await client.GetRollupAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, rollup).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static async Task WriteAsync(TextWriter output, Rollup rollup)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("orgId", rollup.OrgId),
            ("version", rollup.Version.ToString(CultureInfo.InvariantCulture)),
            ("asOf", rollup.AsOf.ToString("O", CultureInfo.InvariantCulture)),
        };
        rows.AddRange(rollup.Metrics.Select(metric => (metric.Key, metric.Value.ToString(CultureInfo.InvariantCulture))));

        var width = rows.Max(row => row.Name.Length) + 2;
        foreach (var (name, value) in rows)
        {
            await output.WriteLineAsync(name.PadRight(width) + value).ConfigureAwait(false);
        }
    }
}
