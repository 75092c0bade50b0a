using PartyActors.Silo;

var builder = WebApplication.CreateBuilder(args);
ListeningDefaults.Apply(builder);
var storage = builder.AddPartyActorsHost();
builder.AddPartyActorsApi();

var app = builder.Build();
if (args.Contains("--migrate"))
{
    if (app.Services.GetRequiredService<ClusterSettings>().IsFrontend)
    {
        await Console.Error.WriteLineAsync("--migrate applies a store's schema; a frontend (Cluster:Role=Frontend) has no store. Run it with the silos' settings.");
        await app.DisposeAsync();
        return 2;
    }

    // Applies the configured store's schema migrations and exits.
    Console.WriteLine(await app.Services.MigrateStorageAsync(storage));
    await app.DisposeAsync();
    return 0;
}

app.UsePartyActorsApi();
app.MapPartyActorsApi();
await app.RunAsync();
return 0;

/// <summary>The entry point, public for the tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
