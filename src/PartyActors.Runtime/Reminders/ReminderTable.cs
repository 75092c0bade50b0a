namespace PartyActors.Runtime;

/// <summary>
/// One durable reminder: which grain, its name, when it first ticks, its period
/// (<see cref="Timeout.InfiniteTimeSpan"/> for a reminder that ticks once), and the due time of the
/// last tick the grain acknowledged. Stores keep times to the microsecond at least; the runtime
/// needs them to the millisecond.
/// </summary>
public sealed record ReminderEntry(
    GrainId GrainId,
    string Name,
    DateTimeOffset FirstTick,
    TimeSpan Period,
    DateTimeOffset? LastDelivered,
    string? ETag);

/// <summary>
/// The durable table of reminders. One per silo (not keyed); the reminder service reads it at
/// start-up and keeps it up to date as grains register, unregister and acknowledge ticks.
/// </summary>
public interface IReminderTable
{
    /// <summary>Every reminder.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces the row. With <c>entry.ETag</c> null the write is unconditional; otherwise
    /// it happens only if the stored row still has that ETag. Returns the new ETag, or null when the
    /// condition failed (the row was changed or removed meanwhile). Completes once durable.
    /// </summary>
    Task<string?> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the row (only if it still has <paramref name="etag"/>, when one is given). Returns
    /// whether a row was removed.
    /// </summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string name, string? etag, CancellationToken cancellationToken);
}
