namespace PartyActors.Silo.Idempotency;

/// <summary>The stored state of <see cref="IdempotencyGrain"/>.</summary>
internal sealed class IdempotencyState
{
    public IdempotencyRecord? Record { get; set; }
}
