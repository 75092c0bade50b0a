namespace PartyActors.Grains;

/// <summary>
/// The rules of commitments, shared by the grain and the HTTP layer. Dates are days in China
/// Standard Time (UTC+8, no daylight saving): a commitment due on D is open until midnight at the
/// end of D there.
/// </summary>
public static class CommitmentRules
{
    public const int MaxTitleLength = 200;
    public const int MaxUnitLength = 20;
    public const int MaxNoteLength = 1000;

    /// <summary>A due date further away than this is a typo, not a plan (commitments are reviewed yearly).</summary>
    public const int MaxYearsAhead = 5;

    /// <summary>Larger targets or amounts are typos.</summary>
    public const decimal MaxQuantity = 1_000_000_000m;

    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>China Standard Time's offset.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The day it is in China at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);

    /// <summary>The instant a commitment due on <paramref name="dueOn"/> becomes overdue: the midnight (UTC+8) after it.</summary>
    public static DateTimeOffset Deadline(DateOnly dueOn) => new(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset);

    public static string? CheckTitle(string? title) => TextRules.CheckRequired("title", title?.Trim(), MaxTitleLength);

    public static string? CheckUnit(string? unit) => TextRules.CheckRequired("unit", unit?.Trim(), MaxUnitLength);

    public static string? CheckTarget(decimal? target) => CheckQuantity("target", target);

    public static string? CheckAmount(decimal? amount) => CheckQuantity("amount", amount);

    /// <summary>A total of progress as a roster line states it: optional, from 0.</summary>
    public static string? CheckProgressTotal(decimal? progress) => progress switch
    {
        < 0 => "'progress' must not be negative.",
        > MaxQuantity => $"'progress' must be at most {MaxQuantity:0}.",
        _ => null,
    };

    public static string? CheckDueOn(DateOnly? dueOn, DateTimeOffset now)
    {
        var today = Today(now);
        return dueOn switch
        {
            null => "'dueOn' is required (a date, yyyy-MM-dd).",
            { } d when d < today => $"'dueOn' must be today ({today:yyyy-MM-dd}, China Standard Time) or later.",
            { } d when d > today.AddYears(MaxYearsAhead) => $"'dueOn' must be within {MaxYearsAhead} years.",
            _ => null,
        };
    }

    public static string? CheckNote(string? note) =>
        note is not null && note.Length > MaxNoteLength ? $"'note' must be at most {MaxNoteLength} characters." : null;

    public static string? CheckScore(int? score) =>
        score is >= MinScore and <= MaxScore ? null : $"'score' is required, a whole number from {MinScore} to {MaxScore}.";

    /// <summary>Throws the first breach of the terms as a <see cref="DomainException"/> naming the field.</summary>
    public static void Validate(CommitmentTerms terms, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Throw("title", CheckTitle(terms.Title));
        Throw("target", CheckTarget(terms.Target));
        Throw("unit", CheckUnit(terms.Unit));
        Throw("dueOn", CheckDueOn(terms.DueOn, now));
    }

    /// <summary>Throws <paramref name="breach"/> (when not null) as a validation error naming <paramref name="field"/>.</summary>
    public static void Throw(string field, string? breach)
    {
        if (breach is not null)
        {
            throw DomainErrors.Invalid(field, breach);
        }
    }

    private static string? CheckQuantity(string field, decimal? value) => value switch
    {
        null => $"'{field}' is required.",
        <= 0 => $"'{field}' must be greater than 0.",
        > MaxQuantity => $"'{field}' must be at most {MaxQuantity:0}.",
        _ => null,
    };
}
