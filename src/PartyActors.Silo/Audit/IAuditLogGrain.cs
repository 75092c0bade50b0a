using System.Collections.Immutable;

namespace PartyActors.Silo.Audit;

/// <summary>
/// The audit trail of the writes that concerned one organization, keyed by its id (writes that
/// concerned no known organization go to <see cref="Unscoped"/>). Append-only and durable: an entry is
/// in the store before <see cref="Record"/> answers.
/// </summary>
internal interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>The key of the trail of writes that named no existing organization (not a valid org id, so it cannot collide).</summary>
    public const string Unscoped = "~unscoped";

    /// <summary>Appends an entry; durable before it answers.</summary>
    Task Record(AuditEntry entry);

    /// <summary>Entries with <c>From ≤ at &lt; To</c>, newest first, at most <c>Limit</c>.</summary>
    [ReadOnly]
    Task<ImmutableArray<AuditEntry>> Read(AuditQuery query);
}

/// <summary>
/// One write: who (subject, roles), what (method, path, route template, resource, answer status),
/// when, and from where. Never request bodies, so never personal data.
/// </summary>
internal sealed record AuditEntry(
    DateTimeOffset At,
    string Sub,
    ImmutableArray<string> Roles,
    string Method,
    string Path,
    string? Route,
    string? ResourceId,
    string? OrgId,
    int Status,
    string? RemoteIp,
    string? UserAgent);

/// <summary>A window of an audit trail (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive).</summary>
internal sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, int Limit);
