using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors requests</c>: residents' requests (群众诉求, docs/requests.md): file, read, reply,
/// assign, close, reopen, a subtree's ledger (台账), and the SLA table.
/// </summary>
internal static class RequestsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("requests", "Residents' requests (群众诉求): file, read, reply, assign, close, reopen, a subtree's ledger, the SLA table")
        {
            File(settings, connection),
            Get(settings, connection),
            Reply(settings, connection),
            Assign(settings, connection),
            Close(settings, connection),
            Reopen(settings, connection),
            List(settings, connection),
            Sla(settings, connection),
        };

    private static ApiCommand File(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The grid, community or village it is filed at" };
        var title = new Option<string>("--title") { Description = "What the resident asks", Required = true };
        var category = new Option<string>("--category") { Description = "The category (the SLA table may give it its own term)", Required = true };
        var channel = new Option<string>("--channel") { Description = "How it came in", Required = true };
        channel.AcceptOnlyFromAmong(RequestChannels.GridPatrol, RequestChannels.App, RequestChannels.Hotline, RequestChannels.Mailbox, RequestChannels.Visit);
        var key = new Option<string?>("--idempotency-key") { Description = "Makes the filing safe to repeat: a repeat with the same key answers the first filing [default: none, so it is not retried]" };
        var command = new ApiCommand("file", "File a resident's request; prints its id and deadline", "POST /api/v1/orgs/{orgId}/requests")
        {
            orgId,
            title,
            category,
            channel,
            key,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var filed = await client.FileRequestAsync(
                parseResult.GetValue(orgId)!,
                new FileResidentRequest(parseResult.GetValue(title)!, parseResult.GetValue(category)!, parseResult.GetValue(channel)!),
                parseResult.GetValue(key),
                cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{filed.Id}\tdue {ReportCommand.Instant(filed.DueAt)}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var requestId = RequestId();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand("get", "Print a request with its replies, escalations and reopenings", "GET /api/v1/requests/{requestId}") { requestId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var request = await client.GetRequestAsync(parseResult.GetValue(requestId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, request).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(settings.Out, request).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Reply(CliSettings settings, Connection connection)
    {
        var requestId = RequestId();
        var text = new Option<string>("--text") { Description = "The answer (答复); the clock stops", Required = true };
        var command = new ApiCommand("reply", "Answer a request; each call adds a reply", "POST /api/v1/requests/{requestId}/reply") { requestId, text };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var request = await client.ReplyToRequestAsync(parseResult.GetValue(requestId)!, parseResult.GetValue(text)!, cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(settings.Out, request).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Assign(CliSettings settings, Connection connection)
    {
        var requestId = RequestId();
        var member = new Option<string?>("--member") { Description = "Assign to this member" };
        var org = new Option<string?>("--org") { Description = "Assign to this organization" };
        var command = new ApiCommand("assign", "Assign a request to a member or an organization (exactly one); again replaces the assignment", "POST /api/v1/requests/{requestId}/assign")
        {
            requestId,
            member,
            org,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(member) is null) == (result.GetValue(org) is null))
            {
                result.AddError("Give exactly one of --member and --org.");
            }
        });
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var request = await client.AssignRequestAsync(
                parseResult.GetValue(requestId)!, new ResidentRequestAssignee(parseResult.GetValue(member), parseResult.GetValue(org)), cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(settings.Out, request).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Close(CliSettings settings, Connection connection)
    {
        var requestId = RequestId();
        var satisfaction = new Option<int>("--satisfaction") { Description = "The resident's satisfaction, 1 to 5", Required = true };
        satisfaction.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 5)
            {
                result.AddError("--satisfaction is 1 to 5.");
            }
        });
        var command = new ApiCommand("close", "Close a replied request with the resident's satisfaction", "POST /api/v1/requests/{requestId}/close") { requestId, satisfaction };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var request = await client.CloseRequestAsync(parseResult.GetValue(requestId)!, parseResult.GetValue(satisfaction), cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(settings.Out, request).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Reopen(CliSettings settings, Connection connection)
    {
        var requestId = RequestId();
        var reason = new Option<string>("--reason") { Description = "Why it is opened again", Required = true };
        var command = new ApiCommand("reopen", "Open a closed request again; it gets a new deadline", "POST /api/v1/requests/{requestId}/reopen") { requestId, reason };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var request = await client.ReopenRequestAsync(parseResult.GetValue(requestId)!, parseResult.GetValue(reason)!, cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(settings.Out, request).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization: its whole subtree's requests" };
        var status = new Option<string?>("--status") { Description = "open (not closed), replied, closed or overdue (not closed, past a deadline) [default: all]" };
        status.AcceptOnlyFromAmong(RequestStatuses.Open, RequestStatuses.Replied, RequestStatuses.Closed, RequestStatuses.Overdue);
        var command = new ApiCommand(
            "list",
            "Print the ledger (台账) of the requests filed in a subtree, in filing order, one a line: id, status, overdue, due, organization, title (tab-separated)",
            "GET /api/v1/orgs/{orgId}/requests")
        {
            orgId,
            status,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            string? after = null;
            do
            {
                var page = await client.GetRequestLedgerAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(status), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var entry in page.Items)
                {
                    await settings.Out.WriteLineAsync(
                        $"{entry.Id}\t{entry.Status}\t{(entry.Overdue ? "overdue" : "-")}\t{ReportCommand.Instant(entry.DueAt)}\t{entry.OrgId}\t{entry.Title}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
        });
        return command;
    }

    private static Command Sla(CliSettings settings, Connection connection)
    {
        var json = CommandOutput.JsonOption();
        var get = new ApiCommand("get", "Print the SLA table in force: the default term, then a line per rule", "GET /api/v1/requests/sla") { json };
        get.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            await WriteAsync(settings.Out, await client.GetRequestSlaAsync(cancellationToken).ConfigureAwait(false), parseResult.GetValue(json)).ConfigureAwait(false);
        });

        var file = new Option<FileInfo>("--file")
        {
            Description = """The table as JSON: { "default": { "amount": 5, "unit": "working-days" }, "rules": [ { "category": "…", "level": "grid", "amount": 48, "unit": "hours" } ] }""",
            Required = true,
        };
        var setJson = CommandOutput.JsonOption();
        var set = new ApiCommand("set", "Replace the SLA table (admins); prints the table now in force", "PUT /api/v1/requests/sla") { file, setJson };
        set.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var sla = await CommandOutput.ReadJsonFileAsync<RequestSla>(parseResult.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, await client.PutRequestSlaAsync(sla, cancellationToken).ConfigureAwait(false), parseResult.GetValue(setJson)).ConfigureAwait(false);
        });

        return new Command("sla", "The SLA table: the term of each request by category and level") { get, set };
    }

    private static Argument<string> RequestId() => new("requestId") { Description = "The request" };

    private static Task WriteStatusAsync(TextWriter output, ResidentRequest request) =>
        output.WriteLineAsync($"{request.Id}: {request.Status}{(request.Overdue ? ", overdue" : "")}, due {ReportCommand.Instant(request.DueAt)}");

    private static async Task WriteAsync(TextWriter output, ResidentRequest request)
    {
        await CommandOutput.WriteRowsAsync(output,
        [
            ("id", request.Id),
            ("orgId", request.OrgId),
            ("title", request.Title),
            ("category", request.Category),
            ("channel", request.Channel),
            ("status", request.Status),
            ("dueAt", ReportCommand.Instant(request.DueAt)),
            ("overdue", request.Overdue ? "yes" : "no"),
            ("responsibleOrgId", request.ResponsibleOrgId),
            ("escalatedTo", request.EscalatedTo),
            ("sla", Term(request.Sla.Amount, request.Sla.Unit)),
            ("filedAt", ReportCommand.Instant(request.FiledAt)),
            ("filedBy", request.FiledBy),
            ("assignee", request.Assignee is { } a ? $"{a.MemberId ?? a.OrgId} (by {a.By}, {ReportCommand.Instant(a.At)})" : null),
            ("satisfaction", request.Satisfaction?.ToString(CultureInfo.InvariantCulture)),
            ("closedAt", request.ClosedAt is { } closed ? $"{ReportCommand.Instant(closed)} by {request.ClosedBy}" : null),
        ]).ConfigureAwait(false);
        foreach (var reply in request.Replies)
        {
            await output.WriteLineAsync($"reply       {ReportCommand.Instant(reply.At)}  {reply.By}: {reply.Text}").ConfigureAwait(false);
        }

        foreach (var escalation in request.Escalations)
        {
            await output.WriteLineAsync($"escalated   {ReportCommand.Instant(escalation.At)}  {escalation.FromOrgId} -> {escalation.ToOrgId}, due {ReportCommand.Instant(escalation.DueAt)}").ConfigureAwait(false);
        }

        foreach (var reopening in request.Reopenings)
        {
            await output.WriteLineAsync($"reopened    {ReportCommand.Instant(reopening.At)}  {reopening.By}: {reopening.Reason}, due {ReportCommand.Instant(reopening.DueAt)}").ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(TextWriter output, RequestSla sla, bool json)
    {
        if (json)
        {
            await CommandOutput.WriteJsonAsync(output, sla).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"default\t{Term(sla.Default.Amount, sla.Default.Unit)}").ConfigureAwait(false);
        foreach (var rule in sla.Rules)
        {
            await output.WriteLineAsync($"category={rule.Category ?? "*"} level={rule.Level ?? "*"}\t{Term(rule.Amount, rule.Unit)}").ConfigureAwait(false);
        }
    }

    private static string Term(int amount, string unit) => $"{amount.ToString(CultureInfo.InvariantCulture)} {unit}";
}
