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
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- --filter '*ClusterCallBenchmarks*'
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- cluster-rollups [probes per phase] [background changes/s] [silos per phase ...] [--random]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- cluster-tree [seconds per row] [silos per phase ...] [--memory]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- points [seconds per award phase] [ranking queries per case] [history share]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- reshape [members ...] [--grids 16] [--single] [--parallelism n]
// dotnet run -c Release --project tests/PartyActors.Benchmarks -- cluster-recovery [kills per option set] [hangs per option set] [pause seconds ...] [--sets default,tuned-2,tuned-1]
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

if (args is ["cluster-rollups", ..])
{
    var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(Number).ToArray();
    return await ClusterFreshnessMeasurement.RunAsync(
        numbers.Length > 0 ? numbers[0] : 100,
        numbers.Length > 1 ? numbers[1] : 1000,
        numbers.Length > 2 ? numbers[2..] : [1, 3, 1, 3],
        args.Contains("--random"));
}

if (args is ["cluster-tree", ..])
{
    var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(Number).ToArray();
    return await TreeMeasurement.RunAsync(numbers.Length > 0 ? numbers[0] : 10, numbers.Length > 1 ? numbers[1..] : [1, 3], args.Contains("--memory"));
}

if (args is ["cluster-recovery", ..])
{
    var setsAt = Array.IndexOf(args, "--sets");
    string[] sets = setsAt > 0 && setsAt + 1 < args.Length ? args[setsAt + 1].Split(',') : [];
    var numbers = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && i + 1 != setsAt + 1).Select(Number).ToArray();
    return await RecoveryMeasurement.RunAsync(numbers.Length > 0 ? numbers[0] : 2, numbers.Length > 1 ? numbers[1] : 1, numbers.Length > 2 ? numbers[2..] : [3, 6, 12], sets);
}

// The victim silo of cluster-recovery, started by it in a child process.
if (args is ["cluster-recovery-silo", var connection, var clusterId, var optionSet, var probes])
{
    return await RecoveryMeasurement.RunSiloAsync(connection, clusterId, optionSet, Number(probes));
}

if (args is ["points", ..])
{
    return await PointsMeasurement.RunAsync(
        args.Length > 1 ? Number(args[1]) : 15,
        args.Length > 2 ? Number(args[2]) : 30,
        args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0.25);
}

if (args is ["member-memory"])
{
    return await MemberMemoryMeasurement.RunAsync();
}

if (args is ["reshape", ..])
{
    var gridsAt = Array.IndexOf(args, "--grids");
    var parallelismAt = Array.IndexOf(args, "--parallelism");
    var sizes = args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && i != gridsAt && i != parallelismAt).Select(Number).ToArray();
    return await ReshapeMeasurement.RunAsync(
        sizes.Length > 0 ? sizes : [200, 1_000, 4_000],
        gridsAt > 0 ? Number(args[gridsAt + 1]) : 16,
        args.Contains("--single"),
        parallelismAt > 0 ? Number(args[parallelismAt + 1]) : null);
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

static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
