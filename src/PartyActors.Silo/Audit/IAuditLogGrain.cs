using System.Collections.Immutable;

namespace PartyActors.Silo.Audit;

/// <summary>
/// The audit trail of the writes that concerned one organization, keyed by its id (writes that
/// concerned no known organization go to <see cref="Unscoped"/>). Append-only and durable: an entry is
/// in the store before <see cref="Record"/> answers.
/// </summary>
[Alias("PartyActors.IAuditLogGrain")]
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
[GenerateSerializer, Immutable, Alias("PartyActors.AuditEntry")]
internal sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Sub,
    [property: Id(2)] ImmutableArray<string> Roles,
    [property: Id(3)] string Method,
    [property: Id(4)] string Path,
    [property: Id(5)] string? Route,
    [property: Id(6)] string? ResourceId,
    [property: Id(7)] string? OrgId,
    [property: Id(8)] int Status,
    [property: Id(9)] string? RemoteIp,
    [property: Id(10)] string? UserAgent);

/// <summary>A window of an audit trail (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.AuditQuery")]
internal sealed record AuditQuery([property: Id(0)] DateTimeOffset? From, [property: Id(1)] DateTimeOffset? To, [property: Id(2)] int Limit);
