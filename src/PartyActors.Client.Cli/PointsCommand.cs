using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors points award|ledger|rules|rankings</c>: members' points, the rule tables, rankings (docs/points.md).</summary>
internal static class PointsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("points", "Points: award or deduct, a member's ledger, the rule tables, rankings")
        {
            Award(settings, connection),
            Ledger(settings, connection),
            new Command("rules", "The points rule table of an organization, inherited down the tree")
            {
                GetRules(settings, connection),
                SetRules(settings, connection),
                ClearRules(settings, connection),
            },
            new Command("rankings", "Rankings by points earned in a period")
            {
                RankMembers(settings, connection),
                RankChildren(settings, connection),
            },
        };

    private static Argument<string> OrgId() => new("orgId") { Description = "The organization" };

    private static ApiCommand Award(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member" };
        var points = new Option<int>("--points") { Description = "Points to award; negative to deduct", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, as the ledger shows it", Required = true };
        var sourceId = new Option<string>("--source-id") { Description = "Names the award: the same source id counts once, so repeating the command is safe", Required = true };
        var command = new ApiCommand("award", "Award (or, negative, deduct) points by hand", "POST /api/v1/members/{memberId}/points") { memberId, points, reason, sourceId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var id = parseResult.GetValue(memberId)!;
            var amount = parseResult.GetValue(points);
            await client.AwardPointsAsync(id, new PointsAward(amount, parseResult.GetValue(reason)!, parseResult.GetValue(sourceId)!), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: {(amount >= 0 ? "+" : string.Empty)}{Number(amount)} points").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Ledger(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only entries at or after this time (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only entries before this time (ISO 8601)" };
        var json = JsonOption();
        var command = new ApiCommand("ledger", "Print a member's points ledger, newest first: time, points, source, reason (tab-separated), after the total", "GET /api/v1/members/{memberId}/points") { memberId, from, to, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var ledger = await client.GetPointsAsync(parseResult.GetValue(memberId)!, parseResult.GetValue(from), parseResult.GetValue(to), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, ledger).ConfigureAwait(false);
                return;
            }

            await settings.Out.WriteLineAsync($"total {Number(ledger.Total)}").ConfigureAwait(false);
            foreach (var entry in ledger.Entries)
            {
                await settings.Out.WriteLineAsync($"{Time(entry.At)}\t{(entry.Points >= 0 ? "+" : string.Empty)}{Number(entry.Points)}\t{entry.Source}\t{entry.Reason}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand GetRules(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var json = JsonOption();
        var command = new ApiCommand("get", "Print the rules that apply at an organization and where they are defined", "GET /api/v1/orgs/{orgId}/points-rules") { orgId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var rules = await client.GetPointsRulesAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            await WriteRulesAsync(settings.Out, rules, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand SetRules(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var mode = new Option<string?>("--mode") { Description = "per-hour or per-event" };
        mode.AcceptOnlyFromAmong(PointsModes.PerHour, PointsModes.PerEvent);
        var points = new Option<int?>("--points") { Description = "Points per hour served (per-hour) or per rated claim (per-event)" };
        var capPerActivity = new Option<int?>("--cap-per-activity") { Description = "The most one claim earns [default: no cap]" };
        var dailyCap = new Option<int?>("--daily-cap") { Description = "The most a member earns in a day [default: no cap]" };
        var noShow = new Option<int?>("--no-show-deduction") { Description = "Points a no-show (未履约) costs [default: 1]" };
        var overdue = new Option<int?>("--overdue-deduction") { Description = "Points an overdue commitment costs [default: 2]" };
        var file = new Option<FileInfo?>("--file") { Description = "The table as JSON ({ mode, points, capPerActivity?, … }) instead of the options" };
        var json = JsonOption();
        var command = new ApiCommand("set", "Set an organization's own table (inherited by its subtree) and print the rules that now apply", "PUT /api/v1/orgs/{orgId}/points-rules")
        {
            orgId, mode, points, capPerActivity, dailyCap, noShow, overdue, file, json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var body = parseResult.GetValue(file) is { } table
                ? await ReadJsonFileAsync<PutPointsRulesRequest>(table, cancellationToken).ConfigureAwait(false)
                : new PutPointsRulesRequest(
                    Need(parseResult, mode)!, Need(parseResult, points)!.Value, parseResult.GetValue(capPerActivity), parseResult.GetValue(dailyCap),
                    parseResult.GetValue(noShow), parseResult.GetValue(overdue));
            var rules = await client.PutPointsRulesAsync(parseResult.GetValue(orgId)!, body, cancellationToken).ConfigureAwait(false);
            await WriteRulesAsync(settings.Out, rules, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand ClearRules(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var command = new ApiCommand("clear", "Remove an organization's own table: it inherits again", "DELETE /api/v1/orgs/{orgId}/points-rules") { orgId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var id = parseResult.GetValue(orgId)!;
            await client.DeletePointsRulesAsync(id, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: own points rules removed").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand RankMembers(CliSettings settings, Connection connection)
    {
        var (orgId, period, top, json) = RankingOptions();
        var command = new ApiCommand("members", "Print the subtree's members of record ranked by points earned in the period: rank, member, organization, points", "GET /api/v1/orgs/{orgId}/rankings/members") { orgId, period, top, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var ranking = await client.RankMembersAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(period)!, parseResult.GetValue(top), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, ranking).ConfigureAwait(false);
                return;
            }

            foreach (var item in ranking.Items)
            {
                await settings.Out.WriteLineAsync($"{Number(item.Rank)}\t{item.MemberId}\t{item.OrgId}\t{Number(item.Points)}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand RankChildren(CliSettings settings, Connection connection)
    {
        var (orgId, period, top, json) = RankingOptions();
        var command = new ApiCommand("children", "Print the organization's children ranked by their members' points in the period: rank, organization, points, name", "GET /api/v1/orgs/{orgId}/rankings/children") { orgId, period, top, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var ranking = await client.RankChildrenAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(period)!, parseResult.GetValue(top), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, ranking).ConfigureAwait(false);
                return;
            }

            foreach (var item in ranking.Items)
            {
                await settings.Out.WriteLineAsync($"{Number(item.Rank)}\t{item.OrgId}\t{Number(item.Points)}\t{item.Name}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static (Argument<string> OrgId, Option<string> Period, Option<int?> Top, Option<bool> Json) RankingOptions() =>
        (OrgId(),
         new Option<string>("--period") { Description = "A year (2026), a quarter (2026-Q4) or a month (2026-11), China Standard Time", Required = true },
         new Option<int?>("--top") { Description = "How many places, 1 to 100 [default: 20]" },
         JsonOption());

    private static async Task WriteRulesAsync(TextWriter output, PointsRules rules, bool json)
    {
        if (json)
        {
            await WriteJsonAsync(output, rules).ConfigureAwait(false);
            return;
        }

        await WriteRowsAsync(output,
        [
            ("orgId", rules.OrgId),
            ("definedAt", rules.DefinedAt ?? "(defaults)"),
            ("mode", rules.Mode),
            ("points", Number(rules.Points)),
            ("capPerActivity", Number(rules.CapPerActivity)),
            ("dailyCap", Number(rules.DailyCap)),
            ("noShowDeduction", Number(rules.NoShowDeduction)),
            ("overdueDeduction", Number(rules.OverdueDeduction)),
        ]).ConfigureAwait(false);
    }
}
