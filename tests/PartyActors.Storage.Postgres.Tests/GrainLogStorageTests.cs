using System.Text;
using Orleans.Storage;

namespace PartyActors.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GrainLogStorageTests(PostgresFixture fixture) : IAsyncLifetime
{
    private Providers _providers = null!;

    public async Task InitializeAsync() => _providers = new Providers(await fixture.CreateDatabaseAsync("log"));

    public async Task DisposeAsync() => await _providers.DisposeAsync();

    private IGrainLogStorage Log => _providers.Log;

    private static GrainId Id(string key) => GrainId.Create("member", key);

    private static ReadOnlyMemory<byte>[] Entries(params int[] points) =>
        points.Select(p => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"points\":{p}}}")).ToArray();

    [Fact]
    public async Task Appends_number_entries_from_one_and_read_back_in_ranges()
    {
        Assert.Equal(1, await Log.GetNextSequenceAsync("ledger", Id("a"), default));
        Assert.Equal(1, await Log.AppendAsync("ledger", Id("a"), Entries(10, 20), 1, default));
        Assert.Equal(3, await Log.AppendAsync("ledger", Id("a"), Entries(30), null, default));
        Assert.Equal(4, await Log.GetNextSequenceAsync("ledger", Id("a"), default));

        var all = await Log.ReadAsync("ledger", Id("a"), 1, long.MaxValue, default);
        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Sequence));
        Assert.Equal("{\"points\": 20}", Encoding.UTF8.GetString(all[1].Json.Span));
        Assert.All(all, e => Assert.InRange(e.At, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));

        var middle = await Log.ReadAsync("ledger", Id("a"), 2, 3, default);
        Assert.Equal([2L], middle.Select(e => e.Sequence));
        Assert.Empty(await Log.ReadAsync("ledger", Id("a"), 4, 10, default));
        Assert.Empty(await Log.ReadAsync("ledger", Id("other"), 1, 10, default));
    }

    [Fact]
    public async Task An_append_with_the_wrong_expected_sequence_writes_nothing()
    {
        await Log.AppendAsync("ledger", Id("b"), Entries(1, 2), 1, default);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Log.AppendAsync("ledger", Id("b"), Entries(3), 2, default));
        Assert.Equal("3", error.StoredEtag);
        Assert.Equal(3, await Log.GetNextSequenceAsync("ledger", Id("b"), default));
        Assert.Equal(2, (await Log.ReadAsync("ledger", Id("b"), 1, 100, default)).Count);
    }

    [Fact]
    public async Task Concurrent_appends_to_many_logs_succeed_beside_a_conflicting_one()
    {
        await Log.AppendAsync("ledger", Id("hot"), Entries(1), 1, default);
        using var go = new ManualResetEventSlim();
        var appends = Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => { go.Wait(); return Log.AppendAsync("ledger", Id($"m{i}"), Entries(i, i + 1), 1, default); }))
            .ToList();
        var conflicting = Task.Run(() => { go.Wait(); return Log.AppendAsync("ledger", Id("hot"), Entries(2), 1, default); });
        var good = Task.Run(() => { go.Wait(); return Log.AppendAsync("ledger", Id("hot"), Entries(2), 2, default); });
        go.Set();

        Assert.All(await Task.WhenAll(appends), first => Assert.Equal(1, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        Assert.Equal(2, await good);
        Assert.Equal(3, await Log.GetNextSequenceAsync("ledger", Id("hot"), default));
        Assert.Equal(3, await Log.GetNextSequenceAsync("ledger", Id("m7"), default));
    }

    [Fact]
    public async Task Unchecked_concurrent_appends_to_one_log_get_distinct_sequences()
    {
        var firsts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Log.AppendAsync("audit", Id("c"), Entries(i, i), null, default)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 1L + (2 * i)), firsts.Order());
        Assert.Equal(41, await Log.GetNextSequenceAsync("audit", Id("c"), default));
    }
}
