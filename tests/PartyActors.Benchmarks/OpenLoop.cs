using System.Diagnostics;

namespace PartyActors.Benchmarks;

/// <summary>
/// Sends at a fixed rate whether or not earlier sends were answered (an open loop, as independent
/// users arrive), keeping at most <c>maxInFlight</c> outstanding: past that it waits, and the achieved
/// rate falls below the target rather than requests piling up. The pacing follows the timer, about
/// a millisecond here, so at high rates sends leave in small bursts.
/// </summary>
internal static class OpenLoop
{
    /// <summary>Runs until <paramref name="stop"/>, then waits for the sends in flight; returns how long it sent for.</summary>
    public static async Task<TimeSpan> RunAsync(int rate, int maxInFlight, Func<Task> send, CancellationToken stop)
    {
        var sent = 0L;
        var sends = new List<Task>();
        using var slots = new SemaphoreSlim(maxInFlight);
        var clock = Stopwatch.StartNew();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var wait = TimeSpan.FromSeconds(sent / (double)rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }

                await slots.WaitAsync(stop);
                sent++;
                sends.Add(SendAsync(send, slots));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The phase ended: let the sends in flight finish.
        }

        var elapsed = clock.Elapsed;
        await Task.WhenAll(sends);
        return elapsed;
    }

    private static async Task SendAsync(Func<Task> send, SemaphoreSlim slots)
    {
        try
        {
            await send();
        }
        finally
        {
            slots.Release();
        }
    }
}
