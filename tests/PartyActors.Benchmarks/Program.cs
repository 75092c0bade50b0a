using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PartyActors.Benchmarks;

// dotnet run -c Release --project tests/PartyActors.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- memory
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- postgres [seconds per write run]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- sqlite [seconds per write run]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- rollups [probes per cadence] [background changes/s]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- member-memory
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- http-load [seconds per phase] [concurrency ...]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- starvation [seconds per phase] [callers ...] [--fair]
if (args is ["memory"])
{
    return await MemoryMeasurement.RunAsync();
}

if (args is ["postgres", ..])
{
    return await PostgresMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args is ["sqlite", ..])
{
    return await SqliteMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args is ["rollups", ..])
{
    return await RollupFreshnessMeasurement.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}

if (args is ["starvation", ..])
{
    var fair = args.Contains("--fair");
    var numbers = args.Skip(1).Where(a => a != "--fair").Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    return await StarvationMeasurement.RunAsync(numbers.Length > 0 ? numbers[0] : 8, numbers.Length > 1 ? numbers[1..] : [16, 64, 256, 1000], fair);
}

if (args is ["member-memory"])
{
    return await MemberMemoryMeasurement.RunAsync();
}

if (args is ["http-load", ..])
{
    int[] concurrencies = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [16, 64];
    return await HttpLoadMeasurement.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
        concurrencies);
}

// A short job for small CI machines: one process, 3 warm-up and 8 measured iterations.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8));
BenchmarkSwitcher.FromAssembly(typeof(CallBenchmarks).Assembly).Run(args, config);
return 0;
