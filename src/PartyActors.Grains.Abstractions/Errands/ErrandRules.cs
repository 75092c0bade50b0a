namespace PartyActors.Grains;

/// <summary>The rules of errands (全程代办), shared by the grains and the HTTP layer (docs/errands.md).</summary>
public static class ErrandRules
{
    public const int MaxResidentNameLength = 50;
    public const int MaxDescriptionLength = 2000;
    public const int MaxNoteLength = 2000;
    public const int MaxReasonLength = 1000;

    /// <summary>The index keys of <see cref="IErrandLedgerGrain"/>.</summary>
    public static string OrgLedgerKey(string orgId) => "org:" + orgId;

    public static string CadreLedgerKey(string memberId) => "member:" + memberId;

    /// <summary>Errands are taken where cadres meet residents: grids, communities and villages (as requests are filed).</summary>
    public static bool IsTakingLevel(OrganizationKind kind) => RequestRules.IsFilingLevel(kind);

    public static string? CheckResidentName(string? name) => TextRules.CheckRequired("resident.name", name?.Trim(), MaxResidentNameLength);

    public static string? CheckResidentPhone(string? phone) => MemberRules.CheckPhone(phone) is null ? null
        : "'resident.phone' must be 5 to 20 characters: digits, with optional '+', '-' or spaces.";

    public static string? CheckDescription(string? description) => TextRules.CheckRequired("description", description?.Trim(), MaxDescriptionLength);

    public static string? CheckNote(string? note) => TextRules.CheckRequired("note", note?.Trim(), MaxNoteLength);

    public static string? CheckReason(string? reason, bool required = true) =>
        !required && reason is null ? null : TextRules.CheckRequired("reason", reason?.Trim(), MaxReasonLength);

    /// <summary>Throws the first breach of an errands' SLA table: its categories are errand categories, by wire name.</summary>
    public static void Validate(SlaTable table) => SlaRules.Validate(table, static (field, category) =>
        WireNames<ErrandCategory>.TryParse(category.Trim(), out _) ? null : $"'{field}' must be one of {WireNames<ErrandCategory>.List}.");
}

/// <summary>The stable error codes of errands (<see cref="DomainException.Code"/>).</summary>
public static class ErrandErrors
{
    public const string ErrandNotFound = "errand-not-found";
    public const string ErrandExists = "errand-exists";

    /// <summary>Errands are taken at grids, communities and villages only (422).</summary>
    public const string NotATakingLevel = "not-a-grid-or-community";

    /// <summary>The cadre is no member of record in the subtree of the errand's organization (422).</summary>
    public const string NotACadreHere = "cadre-not-in-organization";

    /// <summary>Done: no reassignment or cancelling (409).</summary>
    public const string Done = "errand-done";

    /// <summary>Cancelled: no completion or reassignment (409).</summary>
    public const string Cancelled = "errand-cancelled";
}
