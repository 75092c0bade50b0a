using PartyActors.Grains.Demo;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Grains.Tests.Erqi;

/// <summary>
/// A throwaway PostgreSQL server (fsync on) for the tests of a class, each test making its own
/// database, and one generation of the Erqi district for them to load.
/// </summary>
public sealed class ErqiPostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public DemoDistrict District { get; } = ErqiDistrict.Generate();

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
