using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors member-commitments</c>: the commitments a member has made, as the member page lists them.</summary>
internal static class MemberCommitmentsCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member (a member's own token reads its own)" };
        var status = new Option<string?>("--status") { Description = "open, done or overdue [default: all]" };
        status.AcceptOnlyFromAmong(CommitmentStatuses.Open, CommitmentStatuses.Done, CommitmentStatuses.Overdue);
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "member-commitments",
            "Print the commitments a member has made by due date, one a line: id, due, status, progress/target unit, title (tab-separated)",
            "GET /api/v1/members/{memberId}/commitments")
        {
            memberId,
            status,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var list = await client.ListMemberCommitmentsAsync(parseResult.GetValue(memberId)!, parseResult.GetValue(status), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, list).ConfigureAwait(false);
                return;
            }

            foreach (var c in list.Items)
            {
                await settings.Out.WriteLineAsync(
                    $"{c.Id}\t{c.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\t{c.Status}\t{CommandOutput.Number(c.Progress)}/{CommandOutput.Number(c.Target)} {c.Unit}\t{c.Title}").ConfigureAwait(false);
            }
        });
        return command;
    }
}
