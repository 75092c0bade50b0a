namespace PartyActors.Runtime;

/// <summary>The <see cref="IPersistentState{TState}"/> handed to a grain: its state plus the provider that keeps it.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics)
    : IPersistentState<TState>, IGrainState<TState>
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    string? IGrainState<TState>.ETag
    {
        get => Etag;
        set => Etag = value;
    }

    public bool RecordExists { get; set; }

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        Measure("read", storage.ReadStateAsync(stateName, grainId, this, cancellationToken));

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        Measure("write", storage.WriteStateAsync(stateName, grainId, this, cancellationToken));

    public Task ClearStateAsync(CancellationToken cancellationToken = default) =>
        Measure("clear", storage.ClearStateAsync(stateName, grainId, this, cancellationToken));

    private Task Measure(string operation, Task pending)
    {
        if (!metrics.StorageLatencyEnabled)
        {
            return pending;
        }

        return MeasureAsync(operation, pending, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    private async Task MeasureAsync(string operation, Task pending, long started)
    {
        var failed = true;
        try
        {
            await pending;
            failed = false;
        }
        finally
        {
            metrics.StorageOperation(operation, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed);
        }
    }
}
