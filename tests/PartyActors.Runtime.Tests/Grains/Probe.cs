using System.Collections.Concurrent;

namespace PartyActors.Runtime.Tests.Grains;

/// <summary>What grains report to the test: constructions, activations, deactivations, events.</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>A gate a grain may wait on until the test opens it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count(string name) => _counts.GetValueOrDefault(name);

    public void Record(string name)
    {
        _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
        Events.Enqueue(name);
    }
}
