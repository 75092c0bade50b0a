using System.CommandLine;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors rank</c>: a member's place among its organization's members by points earned in a period, as the member page shows it.</summary>
internal static class RankCommand
{
    public static Command Create(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member (a member's own token reads its own)" };
        var period = new Option<string?>("--period") { Description = "A month (2026-11), quarter (2026-Q4) or year (2026), China Standard Time [default: this month]" };
        var command = new ApiCommand(
            "rank",
            "Print a member's place among the members of record of its organization by points earned in a period",
            "GET /api/v1/members/{memberId}/rank")
        {
            memberId,
            period,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var rank = await client.GetMemberRankAsync(parseResult.GetValue(memberId)!, parseResult.GetValue(period), cancellationToken).ConfigureAwait(false);
            var place = rank.Rank is { } r ? $"rank {r} of {rank.Of}" : $"not ranked among the {rank.Of} members of record";
            await settings.Out.WriteLineAsync($"{rank.MemberId}\t{rank.Period}\t{place} in {rank.OrgId}\t{rank.Points} points").ConfigureAwait(false);
        });
        return command;
    }
}
