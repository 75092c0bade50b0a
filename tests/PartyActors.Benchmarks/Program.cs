using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PartyActors.Benchmarks;

// dotnet run -c Release --project tests/PartyActors.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- memory
if (args is ["memory"])
{
    return await MemoryMeasurement.RunAsync();
}

// A short job for small CI machines: one process, 3 warm-up and 8 measured iterations.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8));
BenchmarkSwitcher.FromAssembly(typeof(CallBenchmarks).Assembly).Run(args, config);
return 0;
