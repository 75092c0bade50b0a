using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors calendar</c>: the working-day calendar of a year (holidays and 调休 make-up working days) that request deadlines are counted in.</summary>
internal static class CalendarCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("calendar", "The working-day calendar deadlines are counted in: a year's holidays and make-up working days (调休)")
        {
            Get(settings, connection),
            Set(settings, connection),
        };

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var year = Year();
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand("get", "Print a year's holidays and make-up working days, a date a line in date order", "GET /api/v1/calendar/{year}") { year, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var calendar = await client.GetWorkCalendarAsync(parseResult.GetValue(year), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, calendar, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Set(CliSettings settings, Connection connection)
    {
        var year = Year();
        var holidays = new Option<DateOnly[]>("--holiday") { Description = "A holiday (not a working day), yyyy-MM-dd; repeat for each" };
        var workdays = new Option<DateOnly[]>("--workday") { Description = "A Saturday or Sunday that is a working day (调休), yyyy-MM-dd; repeat for each" };
        var file = new Option<FileInfo?>("--file") { Description = """The calendar as JSON instead: { "holidays": ["2027-10-01", …], "workdays": ["2027-09-26", …] }""" };
        var json = CommandOutput.JsonOption();
        var command = new ApiCommand(
            "set",
            "Set a year's calendar (admins), replacing the one kept; it applies to terms that start from now on. Prints it as kept",
            "PUT /api/v1/calendar/{year}")
        {
            year,
            holidays,
            workdays,
            file,
            json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(file) is not null && (result.GetValue(holidays) is { Length: > 0 } || result.GetValue(workdays) is { Length: > 0 }))
            {
                result.AddError("Give the dates either in --file or as --holiday and --workday, not both.");
            }
        });
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var asked = parseResult.GetValue(year);
            WorkCalendar calendar;
            if (parseResult.GetValue(file) is { } path)
            {
                calendar = await CommandOutput.ReadJsonFileAsync<WorkCalendar>(path, cancellationToken).ConfigureAwait(false);
                if (calendar.Year != 0 && calendar.Year != asked)
                {
                    throw new CliException($"{path.FullName} is the calendar of {calendar.Year}, not of {asked}.");
                }

                calendar = calendar with { Year = asked };
            }
            else
            {
                calendar = new WorkCalendar(asked, parseResult.GetValue(holidays) ?? [], parseResult.GetValue(workdays) ?? []);
            }

            await WriteAsync(settings.Out, await client.PutWorkCalendarAsync(calendar, cancellationToken).ConfigureAwait(false), parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static Argument<int> Year() => new("year") { Description = "The year, e.g. 2027" };

    private static async Task WriteAsync(TextWriter output, WorkCalendar calendar, bool json)
    {
        if (json)
        {
            await CommandOutput.WriteJsonAsync(output, calendar).ConfigureAwait(false);
            return;
        }

        var days = calendar.Holidays.Select(d => (Date: d, Kind: "holiday")).Concat(calendar.Workdays.Select(d => (Date: d, Kind: "workday"))).OrderBy(d => d.Date);
        foreach (var (date, kind) in days)
        {
            await output.WriteLineAsync($"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  {date.DayOfWeek.ToString()[..3]}  {kind}").ConfigureAwait(false);
        }
    }
}
