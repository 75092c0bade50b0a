namespace PartyActors.Client;

/// <summary>The answer of <c>GET /api/v1/audit</c>: writes, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry>? Items)
{
    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> Items { get; init; } = Items ?? [];
}

/// <summary>One write as the audit trail recorded it: who, what, and the answer's status.</summary>
/// <param name="Sub">The caller's <c>sub</c> claim.</param>
/// <param name="Path">The request path as sent.</param>
/// <param name="Route">The route template it matched.</param>
/// <param name="ResourceId">The id the write named.</param>
/// <param name="OrgId">The organization it concerned.</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Sub,
    IReadOnlyList<string>? Roles,
    string Method,
    string Path,
    string? Route,
    string? ResourceId,
    string? OrgId,
    int Status,
    string? RemoteIp,
    string? UserAgent)
{
    /// <summary>The caller's roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = Roles ?? [];
}

/// <summary>The answer of <c>/health/live</c> and <c>/health/ready</c>.</summary>
/// <param name="Status"><c>live</c> or <c>ready</c>.</param>
/// <param name="Silo">The silo that answered readiness, when the server names it.</param>
public sealed record HealthReport(string Status, string? Silo = null);
