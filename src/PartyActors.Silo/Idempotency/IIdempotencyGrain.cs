using System.Collections.Immutable;

namespace PartyActors.Silo.Idempotency;

/// <summary>
/// The remembered answer to one write sent with an <c>Idempotency-Key</c>, keyed by a hash of its
/// scope (caller, method, path, key). Durable: a record is in the store before <see cref="Remember"/>
/// answers, so a repeat is replayed after a restart too, until <c>Idempotency:Ttl</c> has passed.
/// </summary>
[Alias("PartyActors.IIdempotencyGrain")]
internal interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>The remembered answer, or null when there is none or it is older than the TTL (then it is also cleared).</summary>
    Task<IdempotencyRecord?> Find();

    /// <summary>Keeps <paramref name="record"/> as the answer to replay; durable before it answers.</summary>
    Task Remember(IdempotencyRecord record);
}

/// <summary>
/// An answer as it left: status, headers and body bytes, with the fingerprint of the request body
/// that produced it (a repeat with another body is refused) and when it was stored. The arrays are
/// never changed once built, hence <see cref="ImmutableAttribute"/>; they serialize as base64 in the store.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.IdempotencyRecord")]
internal sealed record IdempotencyRecord(
    [property: Id(0)] byte[] Fingerprint,
    [property: Id(1)] int Status,
    [property: Id(2)] ImmutableArray<IdempotencyHeader> Headers,
    [property: Id(3)] byte[] Body,
    [property: Id(4)] DateTimeOffset StoredAt);

/// <summary>One response header value (a header with several values takes several entries).</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.IdempotencyHeader")]
internal sealed record IdempotencyHeader([property: Id(0)] string Name, [property: Id(1)] string Value);
