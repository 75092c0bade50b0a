namespace PartyActors.Client.Cli;

/// <summary>
/// A progress line on stderr: on a terminal one line rewritten in place, elsewhere (a log, a
/// test) one line per change. Reports may come from the thread sending an upload while the
/// command goes on, hence the lock and the end after <see cref="Complete"/>.
/// </summary>
internal sealed class StatusLine(TextWriter error, bool interactive)
{
    private readonly Lock gate = new();
    private string? last;
    private bool completed;

    public void Show(string text)
    {
        lock (gate)
        {
            if (completed || text == last)
            {
                return;
            }

            if (interactive)
            {
                // Pads over the tail of a longer previous line.
                error.Write('\r' + text.PadRight(last?.Length ?? 0));
            }
            else
            {
                error.WriteLine(text);
            }

            error.Flush();
            last = text;
        }
    }

    /// <summary>Ends the line, so that what follows starts on a fresh one.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (!completed && interactive && last is not null)
            {
                error.WriteLine();
            }

            completed = true;
        }
    }
}
