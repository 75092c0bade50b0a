using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors errands</c>: residents' errands run by cadres (全程代办): take one, read it, mark it
/// done, hand it over or cancel it, list an organization's or a cadre's, and the errands' SLA table.
/// </summary>
internal static class ErrandsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("errands", "Errands run for residents by cadres (全程代办): due within 3 working days unless the SLA says otherwise")
        {
            Take(settings, connection),
            Get(settings, connection),
            Done(settings, connection),
            Reassign(settings, connection),
            Cancel(settings, connection),
            List(settings, connection),
            Cadre(settings, connection),
            Sla(settings, connection),
            SetSla(settings, connection),
        };

    private static ApiCommand Take(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The grid, community or village taking it" };
        var resident = new Option<string>("--resident") { Description = "The resident's name", Required = true };
        var phone = new Option<string?>("--phone") { Description = "The resident's phone (read back masked)" };
        var category = new Option<string>("--category")
        {
            Description = "social-insurance, certificates, subsidies, medical or other",
            Required = true,
        };
        var description = new Option<string>("--description") { Description = "What is to be done", Required = true };
        var cadre = new Option<string>("--cadre") { Description = "The cadre's member id (of record in the organization's subtree)", Required = true };
        var command = new ApiCommand("take", "Take a resident's errand; prints its id and deadline", "POST /api/v1/orgs/{orgId}/errands")
        {
            orgId, resident, phone, category, description, cadre,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var taking = new TakeErrand(
                new ErrandResident(parseResult.GetValue(resident)!, parseResult.GetValue(phone)),
                parseResult.GetValue(category)!, parseResult.GetValue(description)!, parseResult.GetValue(cadre)!);

            // One key per invocation: a retry after a lost answer takes the errand once.
            var taken = await client.TakeErrandAsync(parseResult.GetValue(orgId)!, taking, Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{taken.Id}\tdue {Time(taken.DueAt)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var errandId = new Argument<string>("errandId") { Description = "The errand" };
        var command = new ApiCommand("get", "Print an errand", "GET /api/v1/errands/{errandId}") { errandId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await PrintAsync(settings, await client.GetErrandAsync(parseResult.GetValue(errandId)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand Done(CliSettings settings, Connection connection)
    {
        var errandId = new Argument<string>("errandId") { Description = "The errand" };
        var note = new Option<string>("--note") { Description = "How it was done", Required = true };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When it was done, if not now (ISO 8601)" };
        var command = new ApiCommand("done", "Mark an errand done (办结); late when past its deadline", "POST /api/v1/errands/{errandId}/done") { errandId, note, at };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var errand = await client.CompleteErrandAsync(parseResult.GetValue(errandId)!, new CompleteErrand(parseResult.GetValue(note)!, parseResult.GetValue(at)), cancellationToken).ConfigureAwait(false);
            await PrintAsync(settings, errand).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand Reassign(CliSettings settings, Connection connection)
    {
        var errandId = new Argument<string>("errandId") { Description = "The errand" };
        var cadre = new Argument<string>("cadreMemberId") { Description = "The cadre taking it over" };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var command = new ApiCommand("reassign", "Hand an open errand to another cadre", "POST /api/v1/errands/{errandId}/reassign") { errandId, cadre, reason };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var errand = await client.ReassignErrandAsync(parseResult.GetValue(errandId)!, new ReassignErrand(parseResult.GetValue(cadre)!, parseResult.GetValue(reason)), cancellationToken).ConfigureAwait(false);
            await PrintAsync(settings, errand).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand Cancel(CliSettings settings, Connection connection)
    {
        var errandId = new Argument<string>("errandId") { Description = "The errand" };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var command = new ApiCommand("cancel", "Cancel an open errand: counted neither open nor done after", "POST /api/v1/errands/{errandId}/cancel") { errandId, reason };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await PrintAsync(settings, await client.CancelErrandAsync(parseResult.GetValue(errandId)!, parseResult.GetValue(reason)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization (its whole subtree)" };
        var status = StatusOption();
        var command = new ApiCommand("list", "Print the errands of an organization's subtree, one a line: " + Columns, "GET /api/v1/orgs/{orgId}/errands") { orgId, status };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(() => PrintPagesAsync(settings, connection, parseResult,
            (client, after) => client.GetOrgErrandsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(status), after: after, cancellationToken: cancellationToken))));
        return command;
    }

    private static ApiCommand Cadre(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The cadre" };
        var status = StatusOption();
        var command = new ApiCommand("cadre", "Print the errands a cadre runs, one a line: " + Columns, "GET /api/v1/members/{memberId}/errands") { memberId, status };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(() => PrintPagesAsync(settings, connection, parseResult,
            (client, after) => client.GetMemberErrandsAsync(parseResult.GetValue(memberId)!, parseResult.GetValue(status), after: after, cancellationToken: cancellationToken))));
        return command;
    }

    private static ApiCommand Sla(CliSettings settings, Connection connection)
    {
        var command = new ApiCommand("sla", "Print the errands' SLA table: the default term, then each rule (category, level, term)", "GET /api/v1/errands/sla");
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var sla = await connection.CreateClient(parseResult, http).GetErrandSlaAsync(cancellationToken).ConfigureAwait(false);
            await PrintAsync(settings, sla).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ApiCommand SetSla(CliSettings settings, Connection connection)
    {
        var amount = new Argument<int>("amount") { Description = "The default term's amount" };
        var unit = new Option<string>("--unit") { Description = "working-days or hours, for the default and every rule", DefaultValueFactory = _ => "working-days" };
        var rules = new Option<string[]>("--rule") { Description = "A category's own term, CATEGORY=AMOUNT (e.g. medical=1); repeatable", AllowMultipleArgumentsPerToken = false };
        var command = new ApiCommand("sla-set", "Replace the errands' SLA table (admins); prints the table in force", "PUT /api/v1/errands/sla") { amount, unit, rules };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            var unitName = parseResult.GetValue(unit)!;
            var parsed = new List<RequestSlaRule>();
            foreach (var rule in parseResult.GetValue(rules) ?? [])
            {
                var equals = rule.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || !int.TryParse(rule.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ruleAmount))
                {
                    throw new CliException($"--rule '{rule}' is not CATEGORY=AMOUNT.");
                }

                parsed.Add(new RequestSlaRule(rule[..equals], null, ruleAmount, unitName));
            }

            using var http = new HttpClient();
            var table = new RequestSla(new RequestSlaTerm(parseResult.GetValue(amount), unitName), parsed);
            await PrintAsync(settings, await connection.CreateClient(parseResult, http).PutErrandSlaAsync(table, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private const string Columns = "id, status (overdue, late), due, cadre, category, resident (tab-separated)";

    private static Option<string?> StatusOption() => new("--status") { Description = "open (overdue included), overdue, done or cancelled [default: all]" };

    private static async Task<int> PrintPagesAsync(CliSettings settings, Connection connection, ParseResult parseResult, Func<PartyActorsClient, string?, Task<ErrandPage>> read)
    {
        using var http = new HttpClient();
        var client = connection.CreateClient(parseResult, http);
        string? after = null;
        do
        {
            var page = await read(client, after).ConfigureAwait(false);
            foreach (var e in page.Items)
            {
                var status = e.Status + (e.Overdue ? " overdue" : "") + (e.Late ? " late" : "");
                await settings.Out.WriteLineAsync($"{e.Id}\t{status}\t{Time(e.DueAt)}\t{e.CadreMemberId}\t{e.Category}\t{e.ResidentName}").ConfigureAwait(false);
            }

            after = page.Next;
        }
        while (after is not null);

        return ExitCodes.Success;
    }

    private static async Task PrintAsync(CliSettings settings, Errand errand)
    {
        var status = errand.Status + (errand.Overdue ? " (overdue)" : "") + (errand.Late ? " (late)" : "");
        await settings.Out.WriteLineAsync($"{errand.Id}\t{status}").ConfigureAwait(false);
        await settings.Out.WriteLineAsync($"  at {errand.OrgId}, cadre {errand.CadreMemberId}, {errand.Category}: {errand.Description}").ConfigureAwait(false);
        await settings.Out.WriteLineAsync($"  resident {errand.Resident.Name} {errand.Resident.Phone}".TrimEnd()).ConfigureAwait(false);
        await settings.Out.WriteLineAsync($"  taken {Time(errand.TakenAt)}, due {Time(errand.DueAt)} ({errand.Sla.Amount} {errand.Sla.Unit})").ConfigureAwait(false);
        if (errand.DoneAt is { } doneAt)
        {
            await settings.Out.WriteLineAsync($"  done {Time(doneAt)}: {errand.DoneNote}").ConfigureAwait(false);
        }

        if (errand.CancelledAt is { } cancelledAt)
        {
            await settings.Out.WriteLineAsync($"  cancelled {Time(cancelledAt)}: {errand.CancelReason}").ConfigureAwait(false);
        }
    }

    private static async Task PrintAsync(CliSettings settings, RequestSla sla)
    {
        await settings.Out.WriteLineAsync($"default\t{sla.Default.Amount} {sla.Default.Unit}").ConfigureAwait(false);
        foreach (var rule in sla.Rules)
        {
            await settings.Out.WriteLineAsync($"{rule.Category ?? "*"}\t{rule.Level ?? "*"}\t{rule.Amount} {rule.Unit}").ConfigureAwait(false);
        }
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
