using PartyActors.Runtime;
using PartyActors.Silo;
using PartyActors.Storage.Postgres;

var builder = WebApplication.CreateBuilder(args);
var storage = StorageSettings.From(builder.Configuration);

// The domain grains (issue 4) and the v1 API (issue 5) plug in here.
builder.Services.AddPartyActors(silo => silo.AddConfiguredStorage(storage));

var app = builder.Build();

if (args.Contains("--migrate"))
{
    await MigrateAsync(app.Services, storage);
    await app.DisposeAsync();
    return 0;
}

app.MapGet("/health/live", () => TypedResults.Ok(new HealthReport("live")));
app.MapGet("/health/ready", (Silo silo) => TypedResults.Ok(new HealthReport("ready", silo.ActivationCount)));

app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "PartyActors silo listening on {Urls}, storing in {Store}",
    string.Join(", ", app.Urls),
    storage.IsPostgres ? "PostgreSQL" : Path.GetFullPath(storage.SqliteDataSource)));

await app.RunAsync();
return 0;

// Applies the schema migrations of the configured store and exits: `dotnet run --project src/PartyActors.Silo -- --migrate`.
static async Task MigrateAsync(IServiceProvider services, StorageSettings storage)
{
    if (storage.IsPostgres)
    {
        var applied = await PostgresMigrator.MigrateAsync(storage.PostgresConnectionString!, CancellationToken.None);
        Console.WriteLine(applied.Count == 0 ? "The schema is up to date." : $"Applied migrations: {string.Join(", ", applied)}.");
        return;
    }

    // The SQLite store migrates when it is first used: touch it once.
    await services.GetRequiredService<IReminderTable>().ReadAllAsync(CancellationToken.None);
    Console.WriteLine($"The schema of {Path.GetFullPath(storage.SqliteDataSource)} is up to date.");
}

internal sealed record HealthReport(
    string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? Activations = null);
