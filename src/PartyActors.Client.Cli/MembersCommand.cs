using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors members get|put|leave|summary|report-in|withdraw-report-in|status|history</c>: members' profiles, report-in (双报到), status moves and history.</summary>
internal static class MembersCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("members", "Members: profiles, leaving, the year's summary, report-in (双报到), status moves along the pipeline and their history")
        {
            Get(settings, connection),
            Put(settings, connection),
            Leave(settings, connection),
            Summary(settings, connection),
            ReportIn(settings, connection),
            WithdrawReportIn(settings, connection),
            MemberStatusCommand.Status(settings, connection),
            MemberStatusCommand.History(settings, connection),
        };

    private static Argument<string> MemberId() => new("memberId") { Description = "The member" };

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var json = JsonOption();
        var command = new ApiCommand("get", "Print a member's profile (phone and id number masked), report-in and points", "GET /api/v1/members/{memberId}") { memberId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var member = await client.GetMemberAsync(parseResult.GetValue(memberId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, member).ConfigureAwait(false);
                return;
            }

            await WriteRowsAsync(settings.Out,
            [
                ("id", member.Id),
                ("name", member.Name),
                ("status", member.Status),
                ("category", member.Category),
                ("orgId", member.OrgId),
                ("residenceGridId", member.ResidenceGridId),
                ("gender", member.Gender),
                ("birthYear", Number(member.BirthYear)),
                ("joinedOn", member.JoinedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("phone", member.Phone),
                ("idNumber", member.IdNumber),
                ("skills", member.Skills is { Count: > 0 } skills ? string.Join(", ", skills) : null),
                ("reportedIn", member.ReportedIn is { } reportIn ? $"{reportIn.GridId} ({reportIn.CommunityId}) since {Time(reportIn.At)}" : null),
                ("points", member.Points is { } points ? $"{Number(points.Total)} (this month {Number(points.ThisMonth)}, this year {Number(points.ThisYear)})" : null),
            ]).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Put(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var name = new Option<string?>("--name") { Description = "The member's name" };
        var status = new Option<string?>("--status") { Description = "applicant, activist, candidate, probationary, full, transferred or left" };
        var category = new Option<string?>("--category") { Description = "in-service, retired, floating, unemployed, student, farmer or other" };
        var org = new Option<string?>("--org") { Description = "The organization of record; a new one is a transfer (组织关系接转)" };
        var grid = new Option<string?>("--grid") { Description = "The grid the member lives in" };
        var gender = new Option<string?>("--gender") { Description = "female or male" };
        var birthYear = new Option<int?>("--birth-year") { Description = "The year of birth" };
        var joinedOn = new Option<DateOnly?>("--joined-on") { Description = "The day the member joined the Party (yyyy-mm-dd)" };
        var phone = new Option<string?>("--phone") { Description = "A mobile number (stored, shown masked)" };
        var idNumber = new Option<string?>("--id-number") { Description = "The resident identity card number (stored, shown masked)" };
        var skills = new Option<string[]>("--skill") { Description = "A skill; repeat for several", AllowMultipleArgumentsPerToken = false };
        var file = new Option<FileInfo?>("--file") { Description = "The whole profile as JSON ({ name, status, category, orgId, residenceGridId?, … }) instead of the options" };
        var command = new ApiCommand("put", "Create or replace a member's profile (fields left out are cleared)", "PUT /api/v1/members/{memberId}")
        {
            memberId, name, status, category, org, grid, gender, birthYear, joinedOn, phone, idNumber, skills, file,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var given = parseResult.GetValue(skills);
            var body = parseResult.GetValue(file) is { } json
                ? await ReadJsonFileAsync<PutMemberRequest>(json, cancellationToken).ConfigureAwait(false)
                : new PutMemberRequest(
                    Need(parseResult, name)!, Need(parseResult, status)!, Need(parseResult, category)!, Need(parseResult, org)!,
                    parseResult.GetValue(grid), parseResult.GetValue(gender), parseResult.GetValue(birthYear), parseResult.GetValue(joinedOn),
                    parseResult.GetValue(phone), parseResult.GetValue(idNumber), given is { Length: > 0 } ? given : null);
            var id = parseResult.GetValue(memberId)!;
            var outcome = await client.PutMemberAsync(id, body, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: {(outcome == PutOutcome.Created ? "created" : "updated")}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Leave(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var command = new ApiCommand("leave", "The member leaves: status left, out of every roll-up, history kept", "DELETE /api/v1/members/{memberId}") { memberId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var id = parseResult.GetValue(memberId)!;
            await client.DeleteMemberAsync(id, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: left").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Summary(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var year = new Option<int?>("--year") { Description = "The year [default: this year, China Standard Time]" };
        var json = JsonOption();
        var command = new ApiCommand("summary", "Print a member's year: points, services, commitments, report-in", "GET /api/v1/members/{memberId}/summary") { memberId, year, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var summary = await client.GetMemberSummaryAsync(parseResult.GetValue(memberId)!, parseResult.GetValue(year), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, summary).ConfigureAwait(false);
                return;
            }

            var (points, services, commitments) = (summary.Points, summary.Services, summary.Commitments);
            await WriteRowsAsync(settings.Out,
            [
                ("memberId", summary.MemberId),
                ("year", Number(summary.Year)),
                ("points", $"{Number(points.Total)} (awarded {Number(points.Awarded)}, deducted {Number(points.Deducted)})"),
                ("services", $"{Number(services.ClaimsCompleted)} completed, {Number(services.Minutes)} minutes, {Number(services.Ratings)} rated, average stars {Number(services.AverageStars) ?? "-"}"),
                ("commitments", $"{Number(commitments.Made)} made, {Number(commitments.Done)} done, {Number(commitments.Overdue)} overdue, {Number(commitments.Reviews)} reviews, average score {Number(commitments.AverageScore) ?? "-"}"),
                ("reportedIn", summary.ReportIn.Current is { } current ? $"{current.GridId} ({current.CommunityId}) since {Time(current.At)}" : null),
            ]).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand ReportIn(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var gridId = new Argument<string>("gridId") { Description = "The grid where the member lives; again with another grid moves the report" };
        var command = new ApiCommand("report-in", "Report a member in (双报到) to a grid and its community", "POST /api/v1/members/{memberId}/report-in") { memberId, gridId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var (id, grid) = (parseResult.GetValue(memberId)!, parseResult.GetValue(gridId)!);
            await client.ReportInAsync(id, grid, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: reported in to {grid}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand WithdrawReportIn(CliSettings settings, Connection connection)
    {
        var memberId = MemberId();
        var command = new ApiCommand("withdraw-report-in", "Withdraw a member's report-in", "DELETE /api/v1/members/{memberId}/report-in") { memberId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var id = parseResult.GetValue(memberId)!;
            await client.WithdrawReportInAsync(id, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{id}: report-in withdrawn").ConfigureAwait(false);
        });
        return command;
    }
}
