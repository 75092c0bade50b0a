namespace PartyActors.Client.Cli;

/// <summary>
/// Reports on the reporting thread. <see cref="Progress{T}"/> would post each report to the thread
/// pool, where reports can overtake one another and arrive after the command has moved on.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
