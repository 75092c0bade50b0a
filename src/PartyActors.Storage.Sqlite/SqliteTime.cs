using System.Globalization;

namespace PartyActors.Storage.Sqlite;

/// <summary>
/// Timestamps as stored: UTC ISO-8601 with 100 ns precision. Text rather than a number so that the
/// sqlite3 shell shows them readably; the fixed width keeps text order equal to time order; and it
/// round-trips a <see cref="DateTimeOffset"/> exactly.
/// </summary>
internal static class SqliteTime
{
    private const string Layout = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Layout, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Layout, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
