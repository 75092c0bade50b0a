using PartyActors.Runtime;

var builder = WebApplication.CreateBuilder(args);

// The embedded store (issue 3) and the domain grains (issue 4) plug in here; until then the silo
// runs the runtime with in-memory state.
builder.Services.AddPartyActors(silo => silo.AddMemoryGrainStorage());

var app = builder.Build();

app.MapGet("/health/live", () => TypedResults.Ok(new HealthReport("live")));
app.MapGet("/health/ready", (Silo silo) => TypedResults.Ok(new HealthReport("ready", silo.ActivationCount)));

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("PartyActors silo listening on {Urls}", string.Join(", ", app.Urls)));

await app.RunAsync();

internal sealed record HealthReport(
    string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? Activations = null);
