using BenchmarkDotNet.Attributes;

namespace PartyActors.Benchmarks;

/// <summary>
/// Throughput with <see cref="Grains"/> activated grains and <see cref="Callers"/> concurrent
/// callers, caller i calling grain i mod <see cref="Grains"/> in a loop. Mean is per call
/// (OperationsPerInvoke = all calls of an invocation), so calls/s = 1 / Mean. The baseline is the
/// same shape on <see cref="Benchmarks.ChannelMailbox"/>: one channel and consumer per grain.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    public const int Grains = 1_000;

    // Constant rather than [Params]: OperationsPerInvoke must be a compile-time constant.
    public const int Callers = 1_000;
    public const int CallsPerCaller = 100;
    public const int TotalCalls = Callers * CallsPerCaller;

    private BenchSilo? _cluster;
    private readonly ICalcGrain[] _grains = new ICalcGrain[Grains];
    private readonly ChannelMailbox[] _mailboxes = new ChannelMailbox[Grains];
    private readonly Task[] _tasks = new Task[Callers];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await BenchSilo.StartAsync();
        for (var i = 0; i < Grains; i++)
        {
            _grains[i] = _cluster.GrainFactory.GetGrain<ICalcGrain>("calc-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _mailboxes[i] = new ChannelMailbox(new CalcImpl());
        }

        for (var i = 0; i < Grains; i++)
        {
            await _grains[i].Add(0); // activate
            await _mailboxes[i].Add(0);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var mailbox in _mailboxes)
        {
            await mailbox.CompleteAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = TotalCalls)]
    public Task GrainCalls()
    {
        for (var i = 0; i < Callers; i++)
        {
            _tasks[i] = CallGrainAsync(_grains[i % Grains]);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TotalCalls)]
    public Task ChannelMailboxes()
    {
        for (var i = 0; i < Callers; i++)
        {
            _tasks[i] = CallMailboxAsync(_mailboxes[i % Grains]);
        }

        return Task.WhenAll(_tasks);
    }

    private static async Task CallGrainAsync(ICalcGrain grain)
    {
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await grain.Add(1);
        }
    }

    private static async Task CallMailboxAsync(ChannelMailbox mailbox)
    {
        for (var i = 0; i < CallsPerCaller; i++)
        {
            await mailbox.Add(1);
        }
    }
}
