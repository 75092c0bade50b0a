namespace PartyActors.Client;

/// <summary>How a roster file is written; decides the request's Content-Type.</summary>
public enum RosterFormat
{
    /// <summary>One JSON operation a line, UTF-8 (<c>application/x-ndjson</c>).</summary>
    Ndjson,

    /// <summary>CSV in UTF-8 (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>
    /// CSV in GB18030 (<c>text/csv; charset=gb18030</c>), as spreadsheets on Chinese-locale Windows
    /// save it; the bytes are sent as they are and the server decodes them.
    /// </summary>
    CsvGb18030,
}

/// <summary>The 202 answer to a roster submission: the batch to poll.</summary>
public sealed record RosterBatchAccepted(string Id);

/// <summary>A roster batch's progress, from <c>GET /api/v1/roster/batches/{id}</c>.</summary>
/// <param name="Status">One of <see cref="RosterBatchStatuses"/>.</param>
/// <param name="Errors">Every rejected line; the rest of the batch still applied.</param>
public sealed record RosterBatch(
    string Id,
    string Status,
    long Total,
    long Applied,
    long Rejected,
    IReadOnlyList<RosterLineError>? Errors = null)
{
    // A server may leave out an empty list; callers iterate it without a null check.
    public IReadOnlyList<RosterLineError> Errors { get; init; } = Errors ?? [];

    public bool IsCompleted => string.Equals(Status, RosterBatchStatuses.Completed, StringComparison.Ordinal);
}

/// <summary>A line of a roster batch that was rejected and skipped.</summary>
/// <param name="Line">1-based line number in the submitted file.</param>
public sealed record RosterLineError(long Line, string Code, string Message);

/// <summary>Roster batch statuses.</summary>
public static class RosterBatchStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
}
