using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime;
using PartyActors.Storage.Sqlite;

// Usage: CrashWriter <database file> <writers>
// Each writer owns one key and writes 1, 2, 3, ... to it; after each WriteStateAsync completes it
// prints "key value". The test kills this process at a random moment and checks every printed
// value (or a later one) is in the file.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: CrashWriter <database file> <writers>");
    return 2;
}

var path = args[0];
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var services = new ServiceCollection()
    .AddPartyActors(silo => silo.AddSqliteGrainStorage("Default", options => options.DataSource = path))
    .BuildServiceProvider();
var storage = services.GetRequiredKeyedService<IGrainStorage>("Default");
var output = TextWriter.Synchronized(Console.Out);
output.WriteLine("ready");

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    var key = $"k{writer}";
    var state = new GrainState<Counter>();
    for (var value = 1L; ; value++)
    {
        state.State.Value = value;
        await storage.WriteStateAsync("counter", GrainId.Create("crash", key), state, CancellationToken.None);
        // Only now is the value acknowledged; the line goes out at once (Console.Out auto-flushes).
        output.WriteLine($"{key} {value}");
    }
})));
return 0;

internal sealed class Counter
{
    public long Value { get; set; }
}

