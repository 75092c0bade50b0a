using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>How a batch's lines were written.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RosterFormat>))]
public enum RosterFormat
{
    /// <summary>One JSON object a line (<c>application/x-ndjson</c>).</summary>
    [JsonStringEnumMemberName("ndjson")] Ndjson,

    /// <summary>RFC 4180 CSV with a header row (<c>text/csv</c>).</summary>
    [JsonStringEnumMemberName("csv")] Csv,
}

/// <summary>Where a batch is: sealed and waiting, being applied, or done.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RosterBatchStatus>))]
public enum RosterBatchStatus
{
    [JsonStringEnumMemberName("queued")] Queued,

    [JsonStringEnumMemberName("running")] Running,

    [JsonStringEnumMemberName("completed")] Completed,
}

/// <summary>
/// Who pushed a batch: the token's subject, its roles and the root of the subtree it may change
/// (null for an admin, who may change everything).
/// </summary>
public sealed record RosterCaller(string Subject, ImmutableArray<string> Roles, string? OrgScope)
{
    /// <summary>The role that reaches every organization.</summary>
    public const string AdminRole = "admin";

    [JsonIgnore]
    public bool IsAdmin => !Roles.IsDefault && Roles.Contains(AdminRole, StringComparer.Ordinal);
}

/// <summary>What a batch is, as its upload starts.</summary>
public sealed record RosterBatchInfo(string IdempotencyKey, RosterCaller Caller, RosterFormat Format);

/// <summary>
/// The answer to <see cref="IRosterBatchGrain.Open"/>: the upload to append to, or
/// <see cref="AlreadyAccepted"/> when the batch was sealed by an earlier request with the same key.
/// </summary>
public sealed record RosterUploadTicket(Guid Upload, bool AlreadyAccepted);

/// <summary>
/// One line of a batch as it is kept in the batch's log: its 1-based physical line number in the
/// file (CSV: the header is line 1) and either the operation it asks for or why it could not be read.
/// </summary>
public sealed record RosterLine(int Number, RosterOperation? Operation, RosterLineError? Error)
{
    public static RosterLine Of(int number, RosterOperation operation) => new(number, operation, null);

    public static RosterLine Unreadable(int number, string code, string message, string? field = null) =>
        new(number, null, new RosterLineError(number, code, message, field));
}

/// <summary>Why a line was rejected: a stable <see cref="Code"/> (<see cref="RosterErrors"/>) and a message that never echoes personal data.</summary>
public sealed record RosterLineError(int Line, string Code, string Message, string? Field = null);

/// <summary>A batch as its submitter reads it (api.md: <c>{ id, status, total, applied, rejected, errors }</c>, and more).</summary>
public sealed record RosterBatchProgress(
    string Id,
    RosterBatchStatus Status,
    int Total,
    int Applied,
    int Rejected,
    ImmutableArray<RosterLineError> Errors,
    RosterFormat Format,
    string SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>The stable codes of a rejected roster line, beside the domain's own (<see cref="DomainErrors"/>).</summary>
public static class RosterErrors
{
    /// <summary>The line is not a JSON object, or the CSV row is broken (quotes, cell count, encoding, length).</summary>
    public const string MalformedLine = "malformed-line";

    /// <summary>The <c>op</c> is none of upsert-org, upsert-member, remove-member.</summary>
    public const string UnknownOp = "unknown-op";

    /// <summary>A field is missing, of the wrong type or not an accepted value (the message names the field).</summary>
    public const string InvalidField = DomainErrors.InvalidField;

    /// <summary>An id does not match the API's id rule (the message names the field).</summary>
    public const string InvalidId = "invalid-id";

    /// <summary>The line touches an organization outside the caller's subtree.</summary>
    public const string OutOfScope = "out-of-scope";

    /// <summary>The line failed in a way nobody expected; the server's log has the details.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>An upload was replaced by a later one with the same idempotency key.</summary>
    public const string UploadSuperseded = "upload-superseded";

    /// <summary>A seal named another number of lines than were appended.</summary>
    public const string UploadIncomplete = "upload-incomplete";
}
