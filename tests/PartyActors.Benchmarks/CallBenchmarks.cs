using BenchmarkDotNet.Attributes;

namespace PartyActors.Benchmarks;

/// <summary>
/// Latency of one call with one caller: a grain call, the same work through a bare channel
/// mailbox (the baseline), and a direct call. Each invocation makes <see cref="Calls"/>
/// sequential calls, so Mean is per call.
/// </summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    public const int Calls = 1_000;

    private BenchSilo? _cluster;
    private ICalcGrain _grain = null!;
    private ChannelMailbox _mailbox = null!;
    private ICalcGrain _direct = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await BenchSilo.StartAsync();
        _grain = _cluster.GrainFactory.GetGrain<ICalcGrain>("calc");
        await _grain.Add(0); // activate
        _direct = new CalcImpl();
        _mailbox = new ChannelMailbox(new CalcImpl());
        await _mailbox.Add(0);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _mailbox.CompleteAsync();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> GrainCall()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _grain.Add(1);
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task<int> ChannelMailbox()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _mailbox.Add(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> DirectCall()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await _direct.Add(1);
        }

        return sum;
    }
}
