namespace PartyActors.Grains;

/// <summary>How roster batches are received and applied. Every default is chosen for one district on one silo.</summary>
public sealed class RosterOptions
{
    /// <summary>
    /// The largest request body the roster route accepts: 64 MiB, about ten times a district's roster
    /// (Erqi's 22,600 lines are 6 MiB of NDJSON), so a city's batch fits and a runaway upload does not.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The longest line (or CSV record) read: 64 KiB. A real line is a few hundred bytes; a longer one
    /// is rejected as malformed rather than buffered.
    /// </summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>Lines appended to the batch's log per call while the upload streams: 500, one group commit of about 200 KiB.</summary>
    public int AppendChunkLines { get; set; } = 500;

    /// <summary>Lines read back from the log per page while applying: 1,000.</summary>
    public int ReadPageLines { get; set; } = 1000;

    /// <summary>
    /// Lines being applied at once: 1,024, enough to fill the store's group commits (a line costs two
    /// durable round trips) while a line waits only for earlier lines that touch what it touches;
    /// 4,096 measured no faster on PostgreSQL.
    /// </summary>
    public int MaxInFlight { get; set; } = 1024;

    /// <summary>
    /// Lines finished between two durable checkpoints: 500. A crash re-applies at most about this many
    /// lines plus those in flight, which is safe (every operation is an absolute upsert) and cheap.
    /// </summary>
    public int CheckpointEveryLines { get; set; } = 500;

    /// <summary>
    /// The period of the reminder that keeps an unfinished batch going: 1 minute. After a crash the
    /// batch resumes within this; while it runs, a tick costs nothing.
    /// </summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a batch is kept once it has completed, and an upload that was begun and never sealed
    /// (abandoned): 30 days. Then its log, which holds the phone and ID numbers as pushed, and its
    /// record are deleted, and the batch is unknown (a repeat of the push starts a new one). Long
    /// enough for an integration job to read its report and to retry a failed push; short enough
    /// that personal data does not outlive its purpose.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Once a batch's retention has ended, how often its expiry reminder ticks until the batch is
    /// deleted: 1 minute, Orleans' shortest reminder period. Orleans reminders skip a tick that fell
    /// while no silo ran, so this bounds how late a deletion missed in a crash comes; the batch is
    /// also deleted on its first activation past its date. Before the date the reminder does not tick.
    /// </summary>
    public TimeSpan ExpiryCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Attempts after the first when a line meets an unavailable store or a timeout: 3, waiting
    /// <see cref="TransientRetryDelay"/>, then twice and four times as long. After that the batch pauses
    /// (nothing is recorded for the line) and the reminder resumes it.
    /// </summary>
    public int TransientRetries { get; set; } = 3;

    /// <summary>The first wait before retrying a line after a transient failure: 200 ms.</summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on nonsense.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUploadBytes, 1, nameof(MaxUploadBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineBytes, 256, nameof(MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(AppendChunkLines, 1, nameof(AppendChunkLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadPageLines, 1, nameof(ReadPageLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEveryLines, 1, nameof(CheckpointEveryLines));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResumePeriod, TimeSpan.Zero, nameof(ResumePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero, nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ExpiryCheckPeriod, TimeSpan.Zero, nameof(ExpiryCheckPeriod));
        ArgumentOutOfRangeException.ThrowIfNegative(TransientRetries, nameof(TransientRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransientRetryDelay, TimeSpan.Zero, nameof(TransientRetryDelay));
    }
}
