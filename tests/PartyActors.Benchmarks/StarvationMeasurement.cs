using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>starvation</c> mode: how late timers fire, and how long the slowest call waits, while
/// closed-loop callers (each calling again as soon as answered; 16, 64, 256 and 1,000 by default)
/// keep the silo's thread pool saturated with grain calls. Three 100 ms clocks
/// tick throughout: a grain timer (what roll-up publication and checkpoints use), a thread-pool
/// timer (what Orleans' own timers and Task.Delay use), and a dedicated thread sleeping (the
/// baseline: the operating system's scheduling alone). Each reports how much later than due its
/// ticks came, idle and under load.
/// </summary>
internal static class StarvationMeasurement
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(int seconds, int[] callerCounts, bool fair)
    {
        var ticks = new TickLog();
        await using var silo = await BenchSilo.StartAsync(s => s.Services.AddSingleton(ticks));
        var grains = Enumerable.Range(0, ThroughputBenchmarks.Grains)
            .Select(i => silo.GrainFactory.GetGrain<ICalcGrain>("calc-" + i.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        foreach (var grain in grains)
        {
            await grain.Add(0);
        }

        using var stop = new CancellationTokenSource();
        await silo.GrainFactory.GetGrain<ITickProbeGrain>("probe").Start(Period);
        using var poolTimer = new Timer(_ => ticks.Record("thread-pool timer"), null, Period, Period);
        var thread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(Period);
                ticks.Record("dedicated thread");
            }
        }) { IsBackground = true };
        thread.Start();

        var phase = TimeSpan.FromSeconds(seconds);
        Console.WriteLine(fair ? "Callers continue from the thread pool's global queue after each call (--fair)." : "Callers continue where each call completes (the default).");
        Console.WriteLine($"Timers every {Period.TotalMilliseconds:F0} ms; {seconds} s idle, then {seconds} s under each count of closed-loop callers on {grains.Length:N0} grains ({Environment.ProcessorCount} cores).");
        await Task.Delay(phase);
        Console.WriteLine("idle:");
        Print(ticks.Take());

        foreach (var count in callerCounts)
        {
            long calls = 0;
            long slowest = 0;
            var failed = 0;
            var clock = Stopwatch.StartNew();
            using var loadStop = new CancellationTokenSource(phase);
            var callers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
            {
                var grain = grains[i % grains.Length];
                while (!loadStop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await grain.Add(1);
                    }
                    catch (TimeoutException)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    if (fair)
                    {
                        // Continue from the pool's global queue, behind what is already waiting there.
                        await GlobalQueue.Yield();
                    }

                    var took = Stopwatch.GetTimestamp() - started;
                    long seen;
                    while (took > (seen = Interlocked.Read(ref slowest)) && Interlocked.CompareExchange(ref slowest, took, seen) != seen)
                    {
                    }

                    Interlocked.Increment(ref calls);
                }
            })).ToArray();
            await Task.WhenAll(callers);
            var rate = Interlocked.Read(ref calls) / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count:N0} callers: {rate:N0} calls/s, slowest call {Stopwatch.GetElapsedTime(0, Interlocked.Read(ref slowest)).TotalMilliseconds:N0} ms, {failed} timed out (30 s)"));
            Print(ticks.Take());
            await Task.Delay(TimeSpan.FromSeconds(2));
            ticks.Take();
        }

        stop.Cancel();
        return 0;
    }

    private static void Print(IReadOnlyDictionary<string, List<long>> ticks)
    {
        foreach (var (source, stamps) in ticks.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var late = stamps.Zip(stamps.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b) - Period)
                .Select(t => Math.Max(0, t.TotalMilliseconds)).Order().ToArray();
            if (late.Length == 0)
            {
                Console.WriteLine($"  {source,-18}: no ticks");
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {source,-18}: {stamps.Count,4} ticks, late by p50 {late[late.Length / 2],7:F1} / p99 {late[(int)(late.Length * 0.99)],7:F1} / max {late[^1],7:F1} ms"));
        }
    }
}

/// <summary>Tick times by source, shared by the probe grain, the timers and the measurement.</summary>
internal sealed class TickLog
{
    private ConcurrentDictionary<string, List<long>> _ticks = new(StringComparer.Ordinal);

    public void Record(string source)
    {
        var list = _ticks.GetOrAdd(source, _ => []);
        lock (list)
        {
            list.Add(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>What was recorded so far; recording starts afresh.</summary>
    public IReadOnlyDictionary<string, List<long>> Take() => Interlocked.Exchange(ref _ticks, new(StringComparer.Ordinal));
}

[Alias("PartyActors.Benchmarks.ITickProbeGrain")]
public interface ITickProbeGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);
}

/// <summary>A grain timer that records when it fires.</summary>
internal sealed class TickProbeGrain(TickLog ticks) : Grain, ITickProbeGrain
{
    private IGrainTimer? _timer;

    public Task Start(TimeSpan period)
    {
        _timer ??= this.RegisterGrainTimer(() =>
        {
            ticks.Record("grain timer");
            return Task.CompletedTask;
        }, period, period);
        DelayDeactivation(TimeSpan.FromHours(1));
        return Task.CompletedTask;
    }
}

