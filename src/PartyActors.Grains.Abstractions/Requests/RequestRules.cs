namespace PartyActors.Grains;

/// <summary>The rules of residents' requests (群众诉求), shared by the grains and the HTTP layer (docs/requests.md).</summary>
public static class RequestRules
{
    public const int MaxTitleLength = 200;
    public const int MaxCategoryLength = 40;
    public const int MaxTextLength = 2000;
    public const int MaxReasonLength = 1000;
    public const int MinSatisfaction = 1;
    public const int MaxSatisfaction = 5;

    /// <summary>Years a calendar may be set for (the service's own span, with room).</summary>
    public const int MinYear = 2000;

    public const int MaxYear = 2100;

    /// <summary>More dates in a year than this is not a holiday calendar (China has about 30 holidays and 5 to 8 make-up days).</summary>
    public const int MaxCalendarDates = 120;

    /// <summary>The kinds of organization a request is filed at: grids, communities and their rural counterpart, villages.</summary>
    public static bool IsFilingLevel(OrganizationKind kind) => kind is OrganizationKind.Grid or OrganizationKind.Community or OrganizationKind.Village;

    public static string? CheckTitle(string? title) => TextRules.CheckRequired("title", title?.Trim(), MaxTitleLength);

    public static string? CheckCategory(string? category) => TextRules.CheckRequired("category", category?.Trim(), MaxCategoryLength);

    public static string? CheckText(string? text) => TextRules.CheckRequired("text", text?.Trim(), MaxTextLength);

    public static string? CheckReason(string? reason) => TextRules.CheckRequired("reason", reason?.Trim(), MaxReasonLength);

    public static string? CheckSatisfaction(int? satisfaction) =>
        satisfaction is >= MinSatisfaction and <= MaxSatisfaction ? null : $"'satisfaction' is required, a whole number from {MinSatisfaction} to {MaxSatisfaction}.";

    /// <summary>Throws the first breach of a requests' SLA table: a category is any text <see cref="CheckCategory"/> takes.</summary>
    public static void Validate(SlaTable table) => SlaRules.Validate(table, static (_, _) => null);

    /// <summary>Throws the first breach of a year's calendar as a validation error.</summary>
    public static void Validate(WorkCalendarYear calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        CommitmentRules.Throw("year", calendar.Year is < MinYear or > MaxYear ? $"'year' must be from {MinYear} to {MaxYear}." : null);
        var holidays = calendar.Holidays.IsDefault ? [] : calendar.Holidays;
        var workdays = calendar.Workdays.IsDefault ? [] : calendar.Workdays;
        CommitmentRules.Throw("holidays", holidays.Length > MaxCalendarDates ? $"'holidays' holds at most {MaxCalendarDates} dates." : null);
        CommitmentRules.Throw("workdays", workdays.Length > MaxCalendarDates ? $"'workdays' holds at most {MaxCalendarDates} dates." : null);
        CommitmentRules.Throw("holidays", holidays.FirstOrDefault(d => d.Year != calendar.Year) is { Year: > 1 } outside
            ? $"'holidays' holds {outside:yyyy-MM-dd}, outside {calendar.Year}." : null);
        CommitmentRules.Throw("workdays", workdays.FirstOrDefault(d => d.Year != calendar.Year) is { Year: > 1 } stray
            ? $"'workdays' holds {stray:yyyy-MM-dd}, outside {calendar.Year}." : null);
        CommitmentRules.Throw("workdays", workdays.FirstOrDefault(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) is { Year: > 1 } weekday
            ? $"'workdays' holds {weekday:yyyy-MM-dd}, a {weekday.DayOfWeek}: make-up working days (调休) are Saturdays or Sundays." : null);
        CommitmentRules.Throw("workdays", workdays.FirstOrDefault(holidays.Contains) is { Year: > 1 } both
            ? $"{both:yyyy-MM-dd} is both a holiday and a working day." : null);
    }
}

/// <summary>The stable error codes of residents' requests (<see cref="DomainException.Code"/>).</summary>
public static class RequestErrors
{
    public const string RequestNotFound = "request-not-found";
    public const string RequestExists = "request-exists";

    /// <summary>Closing needs a reply first (409).</summary>
    public const string NotReplied = "request-not-replied";

    /// <summary>The request is closed: no replies, assignments or another rating (409).</summary>
    public const string Closed = "request-closed";

    /// <summary>Only a closed request is reopened (409).</summary>
    public const string NotClosed = "request-not-closed";

    /// <summary>Requests are filed at grids, communities and villages only (422).</summary>
    public const string NotAFilingLevel = "not-a-grid-or-community";
}
