using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors meetings</c>: record the meetings of organizational life (三会一课) and read them back (docs/organizational-life.md).</summary>
internal static class MeetingsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("meetings", "Meetings of organizational life (三会一课): record one, list an organization's, read one")
        {
            Record(settings, connection),
            List(settings, connection),
            Get(settings, connection),
        };

    private static ApiCommand Record(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization that held it" };
        var type = new Option<string>("--type") { Description = "The activity", Required = true };
        type.AcceptOnlyFromAmong(
            LifeActivities.MemberMeeting, LifeActivities.CommitteeMeeting, LifeActivities.GroupMeeting, LifeActivities.PartyLesson,
            LifeActivities.DemocraticLifeMeeting, LifeActivities.DemocraticAppraisal, LifeActivities.PartyDay);
        var date = new Option<DateOnly>("--date") { Description = "The day it was held in China, yyyy-MM-dd: not after today, in its cycle or the one after", Required = true };
        var attendees = new Option<string[]>("--attendee") { Description = "A member who attended (probationary or full, of record here); repeat for each" };
        var minutes = new Option<string?>("--minutes") { Description = "The minutes (会议记录)" };
        var minutesFile = new Option<FileInfo?>("--minutes-file") { Description = "Read the minutes from this UTF-8 text file instead" };
        var topic = new Option<string?>("--topic") { Description = "The topic" };
        var key = new Option<string?>("--idempotency-key") { Description = "Makes the recording safe to repeat: a repeat with the same key answers the first [default: none, so it is not retried]" };
        var command = new ApiCommand(
            "record",
            "Record a meeting; prints its id, whether it had quorum and so counts, and the quorum check",
            "POST /api/v1/orgs/{orgId}/meetings")
        {
            orgId,
            type,
            date,
            attendees,
            minutes,
            minutesFile,
            topic,
            key,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(minutes) is null) == (result.GetValue(minutesFile) is null))
            {
                result.AddError("Give the minutes with exactly one of --minutes and --minutes-file.");
            }
        });
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var text = parseResult.GetValue(minutes)
                ?? await File.ReadAllTextAsync(parseResult.GetValue(minutesFile)!.FullName, cancellationToken).ConfigureAwait(false);
            var meeting = await client.RecordMeetingAsync(
                parseResult.GetValue(orgId)!,
                new RecordMeetingRequest(parseResult.GetValue(type)!, parseResult.GetValue(date), parseResult.GetValue(attendees) ?? [], text, parseResult.GetValue(topic)),
                parseResult.GetValue(key),
                cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{meeting.Id}\t{(meeting.Counts ? "counts" : "does not count")}\t{Quorum(meeting.Quorum)}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization" };
        var period = new Option<string?>("--period") { Description = "Only those dated in a year (2026), a quarter (2026-Q4) or a month (2026-11) [default: all]" };
        var command = new ApiCommand(
            "list",
            "Print an organization's meetings by date, one a line: id, date, type, attendees, counts, topic (tab-separated)",
            "GET /api/v1/orgs/{orgId}/meetings")
        {
            orgId,
            period,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            string? after = null;
            do
            {
                var page = await client.ListMeetingsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(period), after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var meeting in page.Items)
                {
                    await settings.Out.WriteLineAsync(
                        $"{meeting.Id}\t{Day(meeting.Date)}\t{meeting.Type}\t{meeting.Attendees}\t{(meeting.Counts ? "counts" : "-")}\t{meeting.Topic}").ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
        });
        return command;
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var meetingId = new Argument<string>("meetingId") { Description = "The meeting (mt-…)" };
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand("get", "Print a meeting as recorded: type, date, topic, attendees, the quorum check, then the minutes", "GET /api/v1/meetings/{meetingId}")
        {
            meetingId,
            json,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var meeting = await client.GetMeetingAsync(parseResult.GetValue(meetingId)!, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await CommandOutput.WriteJsonAsync(settings.Out, meeting).ConfigureAwait(false);
                return;
            }

            await CommandOutput.WriteRowsAsync(settings.Out,
            [
                ("id", meeting.Id),
                ("orgId", meeting.OrgId),
                ("type", meeting.Type),
                ("date", Day(meeting.Date)),
                ("topic", meeting.Topic),
                ("attendees", meeting.Attendees.Count == 0 ? "none" : string.Join(' ', meeting.Attendees)),
                ("quorum", Quorum(meeting.Quorum)),
                ("counts", meeting.Counts ? "yes" : "no"),
                ("recordedAt", ReportCommand.Instant(meeting.RecordedAt)),
                ("recordedBy", meeting.RecordedBy),
            ]).ConfigureAwait(false);
            await settings.Out.WriteLineAsync().ConfigureAwait(false);
            await settings.Out.WriteLineAsync(meeting.Minutes).ConfigureAwait(false);
        });
        return command;
    }

    private static string Quorum(MeetingQuorum quorum) =>
        $"{quorum.Attendees} of {quorum.Members} members attended, {quorum.Needed} needed: {(quorum.Met ? "met" : "not met")}";

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
