using System.Diagnostics;
using PartyActors.Storage.Contract;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// Stops and restarts a server under a live provider. It uses a server of its own, so that the
/// outage cannot reach the other test classes.
/// </summary>
public sealed class OutageTests
{
    [Fact]
    public async Task Operations_fail_fast_while_the_server_is_down_and_recover_when_it_is_back()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectTimeout = TimeSpan.FromSeconds(2);
        await using var providers = new Providers(await server.CreateDatabaseAsync("outage"), o =>
        {
            o.ConnectTimeout = connectTimeout;
            o.OutageBackoff = TimeSpan.FromMilliseconds(500);
        });
        var storage = providers.Storage;

        // Acknowledged before the outage.
        var states = Enumerable.Range(0, 20).Select(i => new StoredState<Counter> { State = new Counter { Value = i } }).ToArray();
        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync("count", Id(i), s, default)));
        await providers.Log.AppendAsync("ledger", Id(0), [new byte[] { (byte)'1' }], 1, default);

        await server.StopAsync("fast");

        // Several rounds, so both the first failure (a dead pooled connection or a refused
        // connect) and the failing-fast and probing that follow are timed.
        for (var round = 0; round < 6; round++)
        {
            var watch = Stopwatch.StartNew();
            var write = states[0].Copy(new Counter { Value = 1000 });
            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteStateAsync("count", Id(0), write, default));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadStateAsync("count", Id(1), new StoredState<Counter>(), default));
            Assert.True(watch.Elapsed < connectTimeout * 2, $"Round {round} took {watch.Elapsed} with the server down.");
            await Task.Delay(200);
        }

        await server.StartAsync();

        // Recovery needs no restart of anything: after at most a back-off, calls go through.
        var recovered = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await storage.WriteStateAsync("count", Id(0), states[0], default);
                break;
            }
            catch (StorageUnavailableException) when (recovered.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("2", states[0].ETag);
        for (var i = 0; i < states.Length; i++)
        {
            var read = new StoredState<Counter>();
            await storage.ReadStateAsync("count", Id(i), read, default);
            Assert.Equal(i, read.State.Value);
        }

        Assert.Equal(2, await providers.Log.GetNextSequenceAsync("ledger", Id(0), default));
    }

    private static GrainId Id(int i) => GrainId.Create("counter", $"o{i}");
}
