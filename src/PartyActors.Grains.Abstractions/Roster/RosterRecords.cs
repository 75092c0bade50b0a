using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>How a batch's lines were written.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RosterFormat>))]
[GenerateSerializer, Alias("PartyActors.RosterFormat")]
public enum RosterFormat
{
    /// <summary>One JSON object a line (<c>application/x-ndjson</c>).</summary>
    [JsonStringEnumMemberName("ndjson")] Ndjson,

    /// <summary>RFC 4180 CSV with a header row (<c>text/csv</c>).</summary>
    [JsonStringEnumMemberName("csv")] Csv,
}

/// <summary>Where a batch is: sealed and waiting, being applied, or done.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RosterBatchStatus>))]
[GenerateSerializer, Alias("PartyActors.RosterBatchStatus")]
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
[GenerateSerializer, Immutable, Alias("PartyActors.RosterCaller")]
public sealed record RosterCaller([property: Id(0)] string Subject, [property: Id(1)] ImmutableArray<string> Roles, [property: Id(2)] string? OrgScope)
{
    /// <summary>The role that reaches every organization.</summary>
    public const string AdminRole = "admin";

    [JsonIgnore]
    public bool IsAdmin => !Roles.IsDefault && Roles.Contains(AdminRole, StringComparer.Ordinal);
}

/// <summary>What a batch is, as its upload starts.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterBatchInfo")]
public sealed record RosterBatchInfo([property: Id(0)] string IdempotencyKey, [property: Id(1)] RosterCaller Caller, [property: Id(2)] RosterFormat Format);

/// <summary>
/// The answer to <see cref="IRosterBatchGrain.Open"/>: the upload to append to, or
/// <see cref="AlreadyAccepted"/> when the batch was sealed by an earlier request with the same key.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterUploadTicket")]
public sealed record RosterUploadTicket([property: Id(0)] Guid Upload, [property: Id(1)] bool AlreadyAccepted);

/// <summary>
/// One line of a batch as it is kept in the batch's log: its 1-based physical line number in the
/// file (CSV: the header is line 1) and either the operation it asks for or why it could not be read.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterLine")]
public sealed record RosterLine([property: Id(0)] int Number, [property: Id(1)] RosterOperation? Operation, [property: Id(2)] RosterLineError? Error)
{
    public static RosterLine Of(int number, RosterOperation operation) => new(number, operation, null);

    public static RosterLine Unreadable(int number, string code, string message, string? field = null) =>
        new(number, null, new RosterLineError(number, code, message, field));
}

/// <summary>Why a line was rejected: a stable <see cref="Code"/> (<see cref="RosterErrors"/>) and a message that never echoes personal data.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterLineError")]
public sealed record RosterLineError([property: Id(0)] int Line, [property: Id(1)] string Code, [property: Id(2)] string Message, [property: Id(3)] string? Field = null);

/// <summary>A batch as its submitter reads it (api.md: <c>{ id, status, total, applied, rejected, errors }</c>, and more).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.RosterBatchProgress")]
public sealed record RosterBatchProgress(
    [property: Id(0)] string Id,
    [property: Id(1)] RosterBatchStatus Status,
    [property: Id(2)] int Total,
    [property: Id(3)] int Applied,
    [property: Id(4)] int Rejected,
    [property: Id(5)] ImmutableArray<RosterLineError> Errors,
    [property: Id(6)] RosterFormat Format,
    [property: Id(7)] string SubmittedBy,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? CompletedAt);

/// <summary>The stable codes of a rejected roster line, beside the domain's own (<see cref="DomainErrors"/>).</summary>
public static class RosterErrors
{
    /// <summary>The line is not a JSON object, or the CSV row is broken (quotes, cell count, encoding, length).</summary>
    public const string MalformedLine = "malformed-line";

    /// <summary>The <c>op</c> is none of <see cref="RosterOps"/>.</summary>
    public const string UnknownOp = "unknown-op";

    /// <summary>A field is missing, of the wrong type or not an accepted value (the message names the field).</summary>
    public const string InvalidField = DomainErrors.InvalidField;

    /// <summary>An id does not match the API's id rule (the message names the field).</summary>
    public const string InvalidId = "invalid-id";

    /// <summary>The line touches an organization outside the caller's subtree.</summary>
    public const string OutOfScope = "out-of-scope";

    /// <summary>A member line marked as a correction in a batch whose submitter is not an admin.</summary>
    public const string CorrectionNotAllowed = DomainErrors.CorrectionNotAllowed;

    /// <summary>A member line whose status is not the next step of the pipeline (docs/member-status.md).</summary>
    public const string StatusSkipsStep = DomainErrors.StatusSkipsStep;

    /// <summary>The line failed in a way nobody expected; the server's log has the details.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>An upload was replaced by a later one with the same idempotency key.</summary>
    public const string UploadSuperseded = "upload-superseded";

    /// <summary>A seal named another number of lines than were appended.</summary>
    public const string UploadIncomplete = "upload-incomplete";
}
