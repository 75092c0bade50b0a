using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using PartyActors.Storage;
using PartyActors.Storage.Sqlite;

// Usage: CrashWriter <database file> <writers>
// A silo on the SQLite store. Each writer owns one key and writes 1, 2, 3, ... to it through the
// silo's grain storage; after each WriteStateAsync completes it prints "key value". The test kills
// this process with SIGKILL at a random moment and checks every printed value (or a later one) is
// in the file.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: CrashWriter <database file> <writers>");
    return 2;
}

var path = args[0];
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0)
    .AddSqliteGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.DataSource = path));
using var host = builder.Build();
await host.StartAsync();
var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageSiloBuilderExtensions.DefaultStorageName);
var output = TextWriter.Synchronized(Console.Out);
output.WriteLine("ready");

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    var key = $"k{writer}";
    var state = new GrainState<Counter>();
    for (var value = 1L; ; value++)
    {
        state.State = new Counter { Value = value };
        await storage.WriteStateAsync("counter", GrainId.Create("crash", key), state);
        // Only now is the value acknowledged; the line goes out at once (Console.Out auto-flushes).
        output.WriteLine($"{key} {value}");
    }
})));
return 0;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed class Counter
{
    public long Value { get; set; }
}
