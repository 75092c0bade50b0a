using Microsoft.Extensions.DependencyInjection;
using PartyActors.Runtime;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>One throwaway PostgreSQL server for the whole test run; each test class makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => Server.CreateDatabaseAsync(prefix);
}

/// <summary>Every class that uses the server joins this collection, so one server serves them all.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The providers of one store, resolved from a silo's service collection as a silo would.</summary>
internal sealed class Providers : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public Providers(string connectionString, Action<PostgresStorageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPartyActors(silo => silo
            .AddPostgresGrainStorage("Default", options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            })
            .AddPostgresReminders(options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            }));
        _services = services.BuildServiceProvider();
    }

    public IGrainStorage Storage => _services.GetRequiredKeyedService<IGrainStorage>("Default");

    public IGrainLogStorage Log => _services.GetRequiredKeyedService<IGrainLogStorage>("Default");

    public IReminderTable Reminders => _services.GetRequiredService<IReminderTable>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

public sealed class Counter
{
    public long Value { get; set; }

    public string? Note { get; set; }
}


internal static class GrainStateCopies
{
    /// <summary>A second holder of the same record (same ETag), to play a stale writer.</summary>
    public static GrainState<T> Copy<T>(this GrainState<T> original, Func<T, T>? state = null)
        where T : new() =>
        new() { State = state is null ? original.State : state(original.State), ETag = original.ETag, RecordExists = original.RecordExists };
}
