namespace PartyActors.Silo.Tests;

/// <summary>One silo shared by the tests of the "silo" collection (they use their own ids, so they do not meet).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly SiloFactory _factory = new();

    public ApiClient Api { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public Task InitializeAsync()
    {
        Api = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
