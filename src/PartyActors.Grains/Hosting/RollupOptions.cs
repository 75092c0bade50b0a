namespace PartyActors.Grains;

/// <summary>How roll-ups travel up the tree. Every default is chosen for one district on one silo.</summary>
public sealed class RollupOptions
{
    /// <summary>
    /// The most often an organization publishes its roll-up to its parent and observers: 100 ms, so a
    /// change reaches the district (depth 4) in well under half a second while a busy node sends at
    /// most ten snapshots a second, however many changes it receives.
    /// </summary>
    public TimeSpan Cadence { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often an active organization asks its children for their sequence numbers and takes any
    /// snapshot it missed (lost in a crash before it persisted it): 5 minutes bounds how long a
    /// figure can stay wrong after a crash without costing a call per child more often than that.
    /// </summary>
    public TimeSpan ChildReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often an active organization also asks each of its sources (members) what it contributes:
    /// 1 hour. This activates every member it counts, so it runs far less often than the children's
    /// check; an organization that restarts after a crash does it at once.
    /// </summary>
    public TimeSpan SourceReconcileInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a publication or a child's snapshot may stay only in memory before the organization
    /// writes it: 2 seconds. Publishing does not wait for a write (a sequence's epoch is durable
    /// once per activation), so this is off the path of a change to the root; it bounds what a crash
    /// leaves for reconciliation to repair and costs at most one write per organization per interval.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many reconciliation questions (to members and other sources, and to child organizations)
    /// the organizations of one silo have in flight together: 256. After a crash every organization
    /// reconciles at once; unbounded, that activated a whole district's members together and starved
    /// the silo for minutes. 256 keeps the store's read batches full (a question activates a member,
    /// whose state read is batched) while the thread pool's queue stays short.
    /// </summary>
    public int MaxReconcileAsks { get; set; } = 256;

    /// <summary>How long a roll-up subscription lasts without being renewed: 5 minutes.</summary>
    public TimeSpan ObserverExpiration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Cadence, TimeSpan.Zero, nameof(Cadence));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ChildReconcileInterval, TimeSpan.Zero, nameof(ChildReconcileInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SourceReconcileInterval, TimeSpan.Zero, nameof(SourceReconcileInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ObserverExpiration, TimeSpan.Zero, nameof(ObserverExpiration));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointInterval, TimeSpan.Zero, nameof(CheckpointInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconcileAsks, 1, nameof(MaxReconcileAsks));
    }
}
