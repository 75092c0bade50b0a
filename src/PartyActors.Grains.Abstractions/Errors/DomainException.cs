namespace PartyActors.Grains;

/// <summary>What kind of refusal a <see cref="DomainException"/> is; the HTTP layer maps each to a status.</summary>
[GenerateSerializer, Alias("PartyActors.DomainErrorKind")]
public enum DomainErrorKind
{
    /// <summary>The input is malformed or breaks a rule of its own (HTTP 400).</summary>
    Invalid,

    /// <summary>The addressed resource does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The input names another resource that does not exist or cannot serve (HTTP 422).</summary>
    UnknownReference,

    /// <summary>The change conflicts with the current state: a cycle, children left, a race (HTTP 409).</summary>
    Conflict,
}

/// <summary>
/// A domain rule refused a request. <see cref="Code"/> is stable (clients may branch on it); the
/// message is for people. Nothing was changed. It crosses grain calls and the Orleans client
/// as itself, with its kind, code and field.
/// </summary>
[GenerateSerializer, Alias("PartyActors.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message)
        : base(message)
    {
        Kind = kind;
        Code = code;
    }

    public DomainException()
        : this(DomainErrorKind.Invalid, "invalid", "The request was refused.")
    {
    }

    public DomainException(string message)
        : this(DomainErrorKind.Invalid, "invalid", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = DomainErrorKind.Invalid;
        Code = "invalid";
    }

    [Id(0)]
    public DomainErrorKind Kind { get; }

    /// <summary>A stable, kebab-case code such as <c>org-not-found</c> or <c>cycle</c>.</summary>
    [Id(1)]
    public string Code { get; }

    /// <summary>An optional field the error is about (for validation errors).</summary>
    [Id(2)]
    public string? Field { get; init; }
}

/// <summary>The stable codes of <see cref="DomainException"/>.</summary>
public static class DomainErrors
{
    public const string OrgNotFound = "org-not-found";
    public const string ParentNotFound = "parent-not-found";
    public const string GridNotFound = "grid-not-found";
    public const string NotAGrid = "not-a-grid";
    public const string Cycle = "cycle";
    public const string HasChildren = "has-children";
    public const string HasMembers = "has-members";
    public const string MemberNotFound = "member-not-found";
    public const string MemberLeft = "member-left";
    public const string InvalidField = "invalid-field";
    public const string ConcurrentChange = "concurrent-change";
    public const string CommitmentNotFound = "commitment-not-found";
    public const string CommitmentExists = "commitment-exists";
    public const string CommitmentDone = "commitment-done";

    /// <summary>A roster line names an existing commitment with other terms or another owner.</summary>
    public const string CommitmentChanged = "commitment-changed";
    public const string SupervisionItemNotFound = "supervision-item-not-found";
    public const string PointsBelowThreshold = "points-below-threshold";

    /// <summary>A member's status change is not a step of the pipeline (docs/member-status.md): a skip, a move back, out of left.</summary>
    public const string StatusSkipsStep = "status-skips-step";

    /// <summary>A correction of a member's status asked for by someone who is not an admin.</summary>
    public const string CorrectionNotAllowed = "correction-not-allowed";

    /// <summary>An organization has no snapshot of the period asked for (docs/reports.md).</summary>
    public const string ReportNotFound = "report-not-found";

    public static DomainException Invalid(string field, string message) =>
        new(DomainErrorKind.Invalid, InvalidField, message) { Field = field };
}
