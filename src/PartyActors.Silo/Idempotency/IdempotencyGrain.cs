using Microsoft.Extensions.Options;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Idempotency;

/// <summary>
/// Holds one remembered answer. Expiry is lazy: a record older than the TTL reads as absent and is
/// cleared then; a key that is never repeated keeps its record in the store (no sweeper). The
/// activation holds the body only while it is used, so it is collected soon after.
/// </summary>
[GrainType("idempotency")]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> store,
    IOptions<IdempotencyOptions> options,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyRecord?> Find()
    {
        if (store.State.Record is not { } record)
        {
            return null;
        }

        if (time.GetUtcNow() - record.StoredAt < options.Value.Ttl)
        {
            return record;
        }

        await store.ClearStateAsync();
        return null;
    }

    public async Task Remember(IdempotencyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        store.State.Record = record;
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // Not in the store, so not remembered: the next Find must not replay it from memory.
            store.State.Record = null;
            throw;
        }
    }
}
