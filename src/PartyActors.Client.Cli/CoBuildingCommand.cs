using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// Co-building with stationed units (共驻共建): <c>partyactors agreements</c>, <c>joint-meetings</c> and
/// <c>committee</c>. Output is tab-separated text, one record a line.
/// </summary>
internal static class CoBuildingCommand
{
    public static IEnumerable<Command> Create(CliSettings settings, Connection connection) =>
    [
        new Command("agreements", "Co-building agreements (契约化共建) of a community with units stationed in it")
        {
            Sign(settings, connection), Get(settings, connection), List(settings, connection),
            AddItem(settings, connection), Complete(settings, connection), Terminate(settings, connection),
        },
        new Command("joint-meetings", "Joint meetings (联席会议) of a community with units stationed in it")
        {
            RecordMeeting(settings, connection), ListMeetings(settings, connection),
        },
        new Command("committee", "A community's part-time committee members (兼职委员) from stationed units")
        {
            Seat(settings, connection), Unseat(settings, connection), ListCommittee(settings, connection),
        },
    ];

    private static Option<string[]> ItemOption(bool required) => new("--item")
    {
        Description = "An item as 'dueOn|owner|title': owner an organization id (the community or the unit) or '@memberId'; repeat for more",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command Sign(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var unitOrgId = new Argument<string>("unitOrgId") { Description = "The unit stationed there (reported in)" };
        var title = new Argument<string>("title") { Description = "The agreement's title" };
        var signedOn = new Option<string?>("--signed-on") { Description = "The day signed, yyyy-MM-dd [default: today, China Standard Time]" };
        var items = ItemOption(required: true);
        var command = new ApiCommand("sign", "Sign an agreement; prints its id", "POST /api/v1/orgs/{orgId}/agreements") { communityId, unitOrgId, title, signedOn, items };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var day = parseResult.GetValue(signedOn) is { } text ? ParseDay(text) : DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var agreement = await client.SignAgreementAsync(parseResult.GetValue(communityId)!, new SignAgreementRequest(
                parseResult.GetValue(unitOrgId)!, parseResult.GetValue(title)!, day, [.. parseResult.GetValue(items)!.Select(ParseItem)]),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings, agreement).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Get(CliSettings settings, Connection connection)
    {
        var agreementId = new Argument<string>("agreementId") { Description = "The agreement" };
        var command = new ApiCommand("get", "Print an agreement and its items: id, status, due, party, owner, title", "GET /api/v1/agreements/{agreementId}") { agreementId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await WriteAsync(settings, await client.GetAgreementAsync(parseResult.GetValue(agreementId)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The community (or, with --subtree, any organization)" };
        var subtree = new Option<bool>("--subtree") { Description = "Every community below the organization" };
        var status = new Option<string?>("--status") { Description = "active or terminated [default: all]" };
        var command = new ApiCommand("list", "Print agreements, one a line: id, status, community, unit, open/overdue/done items, title", "GET /api/v1/orgs/{orgId}/agreements") { orgId, subtree, status };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            string? after = null;
            do
            {
                var page = await client.GetAgreementsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(subtree), parseResult.GetValue(status), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var a in page.Items)
                {
                    var open = a.Items.Count(i => i.Status is "open" or "overdue");
                    var overdue = a.Items.Count(i => i.Status == "overdue");
                    var done = a.Items.Count(i => i.Status == "done");
                    await settings.Out.WriteLineAsync($"{a.Id}\t{a.Status}\t{a.CommunityId}\t{a.UnitOrgId}\t{open}/{overdue}/{done}\t{a.Title}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command AddItem(CliSettings settings, Connection connection)
    {
        var agreementId = new Argument<string>("agreementId") { Description = "The agreement" };
        var items = ItemOption(required: true);
        var command = new ApiCommand("add-items", "Add items to an agreement in force", "POST /api/v1/agreements/{agreementId}/items") { agreementId, items };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var agreement = await client.AddAgreementItemsAsync(parseResult.GetValue(agreementId)!, [.. parseResult.GetValue(items)!.Select(ParseItem)], cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings, agreement).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Complete(CliSettings settings, Connection connection)
    {
        var agreementId = new Argument<string>("agreementId") { Description = "The agreement" };
        var itemId = new Argument<string>("itemId") { Description = "The item (i1, i2, ...)" };
        var note = new Option<string?>("--note") { Description = "How it was done" };
        var command = new ApiCommand("complete", "Mark an item done (an overdue one: done late)", "POST /api/v1/agreements/{agreementId}/items/{itemId}/complete") { agreementId, itemId, note };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var agreement = await client.CompleteAgreementItemAsync(parseResult.GetValue(agreementId)!, parseResult.GetValue(itemId)!, parseResult.GetValue(note), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings, agreement).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Terminate(CliSettings settings, Connection connection)
    {
        var agreementId = new Argument<string>("agreementId") { Description = "The agreement" };
        var note = new Option<string>("--note") { Description = "Why it ends", Required = true };
        var command = new ApiCommand("terminate", "Terminate an agreement: its open items are cancelled", "POST /api/v1/agreements/{agreementId}/terminate") { agreementId, note };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await WriteAsync(settings, await client.TerminateAgreementAsync(parseResult.GetValue(agreementId)!, parseResult.GetValue(note)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RecordMeeting(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var topic = new Argument<string>("topic") { Description = "What it discussed" };
        var heldOn = new Option<string?>("--held-on") { Description = "The day held, yyyy-MM-dd [default: today, China Standard Time]" };
        var units = new Option<string[]>("--unit") { Description = "A unit present (stationed in the community); repeat for more", Required = true };
        var minutes = new Option<string?>("--minutes") { Description = "The minutes" };
        var decisions = new Option<string[]>("--decision") { Description = "A decision taken; repeat for more" };
        var command = new ApiCommand("record", "Record a joint meeting; prints it with the units present and absent", "POST /api/v1/orgs/{orgId}/joint-meetings")
        {
            communityId, topic, heldOn, units, minutes, decisions,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var day = parseResult.GetValue(heldOn) is { } text ? ParseDay(text) : DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var meeting = await client.RecordJointMeetingAsync(parseResult.GetValue(communityId)!, new RecordJointMeetingRequest(
                day, parseResult.GetValue(topic)!, parseResult.GetValue(units)!, parseResult.GetValue(minutes), parseResult.GetValue(decisions) ?? []),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings, meeting).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ListMeetings(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var command = new ApiCommand("list", "Print the joint meetings, oldest first: id, day, present, absent, topic", "GET /api/v1/orgs/{orgId}/joint-meetings") { communityId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            string? after = null;
            do
            {
                var page = await client.GetJointMeetingsAsync(parseResult.GetValue(communityId)!, after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var meeting in page.Items)
                {
                    await WriteAsync(settings, meeting).ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Seat(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var memberId = new Argument<string>("memberId") { Description = "The member (organization of record the unit or below it)" };
        var unitOrgId = new Argument<string>("unitOrgId") { Description = "The unit stationed in the community" };
        var title = new Option<string>("--title") { Description = "The seat [default: 兼职委员]", DefaultValueFactory = _ => "兼职委员" };
        var from = new Option<string?>("--from") { Description = "From, yyyy-MM-dd [default: today, China Standard Time]" };
        var command = new ApiCommand("seat", "Seat a member of a stationed unit on the community's committee; again replaces the seat", "PUT /api/v1/orgs/{orgId}/committee/{memberId}")
        {
            communityId, memberId, unitOrgId, title, from,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var day = parseResult.GetValue(from) is { } text ? ParseDay(text) : DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var seat = await client.SeatCommitteeMemberAsync(parseResult.GetValue(communityId)!, parseResult.GetValue(memberId)!,
                new SeatCommitteeMemberRequest(parseResult.GetValue(unitOrgId)!, parseResult.GetValue(title)!, day), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{seat.MemberId}\t{seat.UnitOrgId}\t{seat.Title}\t{Day(seat.From)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Unseat(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var memberId = new Argument<string>("memberId") { Description = "The member" };
        var command = new ApiCommand("unseat", "End a part-time committee member's seat", "DELETE /api/v1/orgs/{orgId}/committee/{memberId}") { communityId, memberId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await client.UnseatCommitteeMemberAsync(parseResult.GetValue(communityId)!, parseResult.GetValue(memberId)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{parseResult.GetValue(memberId)}: seat ended").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ListCommittee(CliSettings settings, Connection connection)
    {
        var communityId = new Argument<string>("communityId") { Description = "The community or village" };
        var command = new ApiCommand("list", "Print the part-time committee members: member, name, unit, unit name, stationed, seat, from", "GET /api/v1/orgs/{orgId}/committee") { communityId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var list = await client.GetCommitteeAsync(parseResult.GetValue(communityId)!, cancellationToken).ConfigureAwait(false);
            foreach (var m in list.Items)
            {
                await settings.Out.WriteLineAsync(
                    $"{m.MemberId}\t{m.Name}\t{m.UnitOrgId}\t{m.UnitName}\t{(m.UnitStationed ? "stationed" : "not-stationed")}\t{m.Title}\t{Day(m.From)}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task WriteAsync(CliSettings settings, Agreement agreement)
    {
        await settings.Out.WriteLineAsync($"{agreement.Id}\t{agreement.Status}\t{agreement.CommunityId}\t{agreement.UnitOrgId}\t{Day(agreement.SignedOn)}\t{agreement.Title}").ConfigureAwait(false);
        foreach (var item in agreement.Items)
        {
            var status = item.Late ? item.Status + " (late)" : item.Status;
            var owner = string.Join(" ", new[] { item.OwnerOrgId, item.OwnerMemberId is null ? null : "@" + item.OwnerMemberId }.OfType<string>());
            await settings.Out.WriteLineAsync($"  {item.Id}\t{status}\t{Day(item.DueOn)}\t{item.Party}\t{owner}\t{item.Title}").ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(CliSettings settings, JointMeeting meeting) =>
        settings.Out.WriteLineAsync($"{meeting.Id}\t{Day(meeting.HeldOn)}\tpresent: {string.Join(",", meeting.Present)}\tabsent: {string.Join(",", meeting.Absent)}\t{meeting.Topic}");

    /// <summary>Reads <c>dueOn|owner|title</c>; an owner starting with <c>@</c> is a member (ids never start so).</summary>
    private static AgreementItemRequest ParseItem(string text)
    {
        var parts = text.Split('|', 3);
        if (parts.Length != 3)
        {
            throw new CliException($"'{text}' is not an item: write 'dueOn|owner|title', e.g. '2026-12-31|410103-e-017|开放职工食堂'.");
        }

        var owner = parts[1].Trim();
        return owner.StartsWith('@')
            ? new AgreementItemRequest(parts[2].Trim(), null, owner[1..], ParseDay(parts[0]))
            : new AgreementItemRequest(parts[2].Trim(), owner, null, ParseDay(parts[0]));
    }

    private static DateOnly ParseDay(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw new CliException($"'{text}' is not a date (yyyy-MM-dd).");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
