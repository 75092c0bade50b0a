using PartyActors.Silo;

var builder = WebApplication.CreateBuilder(args);
var storage = builder.AddPartyActorsSilo();
builder.AddPartyActorsApi();

var app = builder.Build();
if (args.Contains("--migrate"))
{
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
