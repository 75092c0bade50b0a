namespace PartyActors.Runtime;

/// <summary>
/// A grain that receives durable reminders. A reminder ticks whether or not the grain is active
/// (a tick activates it) and across silo restarts; see <see cref="ReminderService"/> for the
/// delivery guarantee.
/// </summary>
public interface IRemindable : IGrain
{
    /// <summary>
    /// Receives a tick. Completing normally acknowledges it; throwing makes the silo deliver it again
    /// later. Ticks can be delivered more than once: use <see cref="TickStatus.CurrentTickTime"/> to
    /// recognise a repeat.
    /// </summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>Which tick of a reminder this is.</summary>
/// <param name="FirstTickTime">When the reminder first ticks.</param>
/// <param name="Period">Its period; <see cref="Timeout.InfiniteTimeSpan"/> for a reminder that ticks once.</param>
/// <param name="CurrentTickTime">The due time of this tick (the same on a repeated delivery).</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A registered reminder, as its grain sees it.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
}

/// <summary>A registered reminder.</summary>
public sealed record GrainReminder(string ReminderName, DateTimeOffset FirstTick, TimeSpan Period) : IGrainReminder;
