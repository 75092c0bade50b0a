using System.Runtime.CompilerServices;

namespace PartyActors.Grains;

/// <summary>
/// An awaitable that continues on the thread pool's global queue. A loop that calls grains from
/// outside any grain (a seeder, a load driver) and calls again as soon as an answer comes keeps
/// refilling the pool threads' local queues, which the pool serves before its global queue, where
/// timers (Orleans' own, grain timers) and I/O completions wait: on 2 cores, timers then fired
/// seconds late and single calls waited minutes (docs/benchmarks.md, "Thread-pool starvation").
/// Awaiting this after each call puts the loop behind what already waits there.
/// </summary>
internal readonly struct GlobalQueue : ICriticalNotifyCompletion
{
    public static GlobalQueue Yield() => default;

    public GlobalQueue GetAwaiter() => this;

    public bool IsCompleted => false;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
