using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime;
using PartyActors.Storage.Postgres;

// Usage: CrashWriter <connection string> <writers>
// Each writer owns a key and writes 1, 2, 3... to it; a line "<key> <value>" is printed as soon as
// the write is acknowledged (WriteStateAsync completed), and never before. Runs until killed.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: CrashWriter <connection string> <writers>");
    return 2;
}

var services = new ServiceCollection();
services.AddLogging();
services.AddPartyActors(silo => silo.AddPostgresGrainStorage("Default", options => options.ConnectionString = args[0]));
await using var provider = services.BuildServiceProvider();
var storage = provider.GetRequiredKeyedService<IGrainStorage>("Default");
var output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });

var writers = Enumerable.Range(0, int.Parse(args[1], CultureInfo.InvariantCulture)).Select(i => Task.Run(async () =>
{
    var key = $"w{i}";
    var state = new GrainState<Counter>();
    for (long value = 1; ; value++)
    {
        state.State = new Counter { Value = value };
        await storage.WriteStateAsync("count", GrainId.Create("counter", key), state, CancellationToken.None);
        output.WriteLine($"{key} {value.ToString(CultureInfo.InvariantCulture)}");
    }
}));
await Task.WhenAll(writers);
return 0;

internal sealed class Counter
{
    public long Value { get; set; }
}

