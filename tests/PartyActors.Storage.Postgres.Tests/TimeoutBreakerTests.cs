using System.Diagnostics;
using Npgsql;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// The outage breaker and timeouts: a timeout fails its own call, and only a run of them with no
/// success between opens the breaker (<see cref="PostgresStorageOptions.OutageTimeouts"/>), since a
/// silo starved of CPU times out against a healthy server. A refused connection opens it at once
/// (<see cref="OutageTests"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TimeoutBreakerTests(PostgresFixture postgres)
{
    // Long enough that a real connect on a machine busy with the other test projects succeeds.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Timeouts_open_the_breaker_only_when_they_come_in_a_row()
    {
        var direct = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("timeouts"));
        await using var proxy = new StallingProxy(direct.Port);

        // Without pooling every call opens a connection through the proxy, so a stall is met at once.
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = proxy.Port, Pooling = false };
        await using var providers = new Providers(throughProxy.ConnectionString, o =>
        {
            o.ConnectTimeout = ConnectTimeout;
            o.OutageTimeouts = 3;
            o.OutageBackoff = TimeSpan.FromMinutes(5);
        });
        var storage = providers.Storage;
        var id = GrainId.Create("counter", "t1");
        var state = new StoredState<Counter> { State = new Counter { Value = 7 } };
        await storage.WriteStateAsync("count", id, state, default);

        async Task<TimeSpan> TimesOutAsync()
        {
            var watch = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadStateAsync("count", id, new StoredState<Counter>(), default));
            Assert.DoesNotContain("failing fast", failure.Message, StringComparison.Ordinal);
            return watch.Elapsed;
        }

        async Task ReadsAsync()
        {
            var read = new StoredState<Counter>();
            await storage.ReadStateAsync("count", id, read, default);
            Assert.Equal(7, read.State.Value);
        }

        // Two timeouts, a success, two more: four in all, never three in a row, so no call fails fast.
        for (var round = 0; round < 2; round++)
        {
            proxy.Stalling = true;
            for (var i = 0; i < 2; i++)
            {
                Assert.True(await TimesOutAsync() >= ConnectTimeout * 0.9, "A stalled connect fails by its timeout, not at once.");
            }

            proxy.Stalling = false;
            await ReadsAsync();
        }

        // Three in a row: the third opens the breaker, and the next call fails at once even though
        // the server would answer it.
        proxy.Stalling = true;
        for (var i = 0; i < 3; i++)
        {
            await TimesOutAsync();
        }

        proxy.Stalling = false;
        var fast = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(ReadsAsync);
        Assert.Contains("failing fast", refused.Message, StringComparison.Ordinal);
        Assert.True(fast.Elapsed < ConnectTimeout, $"Failing fast took {fast.Elapsed}.");
    }

    [Fact]
    public void Timeouts_are_told_from_refused_connections()
    {
        Assert.True(PostgresStore.IsTimeout(new TimeoutException()));
        Assert.True(PostgresStore.IsTimeout(new NpgsqlException("The operation has timed out", new TimeoutException())));
        Assert.False(PostgresStore.IsTimeout(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
        Assert.False(PostgresStore.IsTimeout(new IOException("Connection reset")));
    }
}
