using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using PartyActors.Storage;
using PartyActors.Storage.Postgres;

// Usage: CrashWriter <connection string> <writers>
// A silo on the PostgreSQL group-commit store. Each writer owns a key and writes 1, 2, 3... to it
// through the silo's grain storage; a line "<key> <value>" is printed as soon as the write is
// acknowledged (WriteStateAsync completed), and never before. Runs until killed.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: CrashWriter <connection string> <writers>");
    return 2;
}

var connectionString = args[0];
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: 0)
    .AddPostgresMigrations(connectionString)
    .AddPostgresGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, options => options.ConnectionString = connectionString));
using var host = builder.Build();
await host.StartAsync();
var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageSiloBuilderExtensions.DefaultStorageName);
var output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });

var writers = Enumerable.Range(0, int.Parse(args[1], CultureInfo.InvariantCulture)).Select(i => Task.Run(async () =>
{
    var key = $"w{i}";
    var state = new GrainState<Counter>();
    for (long value = 1; ; value++)
    {
        state.State = new Counter { Value = value };
        await storage.WriteStateAsync("count", GrainId.Create("counter", key), state);
        output.WriteLine($"{key} {value.ToString(CultureInfo.InvariantCulture)}");
    }
}));
await Task.WhenAll(writers);
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
