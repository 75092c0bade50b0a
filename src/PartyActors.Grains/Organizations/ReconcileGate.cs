using Microsoft.Extensions.Options;

namespace PartyActors.Grains;

/// <summary>
/// A silo-wide cap on the questions organizations' reconciliation has in flight (a source's
/// <c>GetContribution</c>, a child's <c>GetChildRollup</c>). Each organization asks 64 at a time,
/// which is right for one; but after a crash every organization of the district reconciles at once,
/// and 800 of them asking 64 each activated all 21,700 members together: the thread pool's queue
/// grew so long that connecting to PostgreSQL timed out, whole read batches of a thousand
/// activations failed, and the silo did not answer its readiness probe for minutes on 2 cores.
/// Through the gate the same questions go in waves of <see cref="RollupOptions.MaxReconcileAsks"/>,
/// and the store's read batches stay full.
/// <para>
/// It only ever delays: a question that waited <see cref="MaxWait"/> goes ahead without a slot, so
/// a question that (through the grain it asks) waits on another organization's reconciliation can
/// never deadlock on the gate.
/// </para>
/// </summary>
internal sealed class ReconcileGate
{
    /// <summary>How long a question waits for a slot before it goes ahead anyway.</summary>
    internal static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _slots;

    public ReconcileGate(IOptions<RollupOptions> options)
        : this(options.Value.MaxReconcileAsks, DefaultMaxWait)
    {
    }

    internal ReconcileGate(int slots, TimeSpan maxWait)
    {
        _slots = new SemaphoreSlim(slots, slots);
        MaxWait = maxWait;
    }

    /// <summary>How long a question waits for a slot before it goes ahead anyway (30 s).</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>Slots free now (for tests and metrics).</summary>
    public int Free => _slots.CurrentCount;

    /// <summary>Asks <paramref name="ask"/> once a slot is free, or after <see cref="MaxWait"/>.</summary>
    public async Task<T> AskAsync<T>(Func<Task<T>> ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var entered = await _slots.WaitAsync(MaxWait);
        try
        {
            return await ask();
        }
        finally
        {
            if (entered)
            {
                _slots.Release();
            }
        }
    }
}
