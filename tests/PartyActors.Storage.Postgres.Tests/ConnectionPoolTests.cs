using System.Text;
using Npgsql;
using PartyActors.Storage.Contract;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// How many connections a process takes from the server. Three silos on Npgsql's default pool of
/// 100 each exhausted a server of 200 connections while 20,000 members activated ("sorry, too many
/// clients already"), and every activation failed for a while.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionPoolTests(PostgresFixture fixture)
{
    [Fact]
    public async Task An_activation_storm_reads_states_and_log_ends_within_the_pool_and_nobody_fails_for_waiting()
    {
        const int Pool = 3;
        const string Application = "pool-storm";
        var connectionString = new NpgsqlConnectionStringBuilder(await fixture.CreateDatabaseAsync("pool")) { ApplicationName = Application }.ConnectionString;
        await using var providers = new Providers(connectionString, o => o.MaxPoolSize = Pool);

        // Some grains have state and log entries already, so the answers can be checked.
        for (var i = 0; i < 50; i++)
        {
            await providers.Storage.WriteStateAsync("member", Id(i), new StoredState<Counter> { State = new Counter { Value = i } }, default);
            await providers.Log.AppendAsync("ledger", Id(i), [.. Enumerable.Repeat(Entry, i % 5 + 1)], 1, default);
        }

        // The server's count of this application's sessions, sampled while the storm runs.
        using var stop = new CancellationTokenSource();
        var peak = 0;
        var sampling = new TaskCompletionSource();
        var sampler = Task.Run(async () =>
        {
            await using var watcher = new NpgsqlConnection(await fixture.CreateDatabaseAsync("watch"));
            await watcher.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*)::int from pg_stat_activity where application_name = @app", watcher);
            count.Parameters.AddWithValue("app", Application);
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, (int)(await count.ExecuteScalarAsync())!);
                sampling.TrySetResult();
            }
        });
        await sampling.Task;

        // 4,000 activations at once, each reading its state and where its log ends (batched) and its
        // ledger (a query each, so most wait for a connection), with writes among them.
        var states = Enumerable.Range(0, 4000).Select(_ => new StoredState<Counter>()).ToArray();
        var storm = await Task.WhenAll(Enumerable.Range(0, 4000).Select(async i =>
        {
            await providers.Storage.ReadStateAsync("member", Id(i), states[i], default);
            var existed = states[i].RecordExists;
            var next = await providers.Log.GetNextSequenceAsync("ledger", Id(i), default);
            Assert.Equal(next - 1, (await providers.Log.ReadAsync("ledger", Id(i), 1, long.MaxValue, default)).Count);
            if (i % 10 == 0)
            {
                states[i].State.Note = "activated";
                await providers.Storage.WriteStateAsync("member", Id(i), states[i], default);
            }

            return (Next: next, Existed: existed);
        }));
        await stop.CancelAsync();
        await sampler;

        for (var i = 0; i < 4000; i++)
        {
            Assert.Equal(i < 50 ? i % 5 + 2 : 1, storm[i].Next);
            Assert.Equal(i < 50, storm[i].Existed);
            Assert.Equal(i < 50 ? i : 0, states[i].State.Value);
        }

        Assert.InRange(peak, 1, Pool);
    }

    [Fact]
    public async Task Callers_waiting_for_a_busy_pool_longer_than_the_connect_timeout_do_not_fail()
    {
        var connectionString = await fixture.CreateDatabaseAsync("busy");
        await using var providers = new Providers(connectionString, o =>
        {
            o.MaxPoolSize = 2;

            // Short, but not so short that connecting on a machine busy with the other test
            // projects times out by itself (1 s did, once, in CI).
            o.ConnectTimeout = TimeSpan.FromSeconds(3);
        });
        Assert.Empty(await providers.Log.ReadAsync("ledger", Id(0), 1, long.MaxValue, default));

        // Another session locks the log table for 7 s: the first two reads hold the pool's
        // connections while they wait for it, and the other eighteen wait for a connection. Npgsql
        // alone would fail them after the connect timeout, as if the server were down.
        await using var locker = new NpgsqlConnection(connectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table grain_log in access exclusive mode", locker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var reads = Enumerable.Range(0, 20).Select(i => providers.Log.ReadAsync("ledger", Id(i), 1, long.MaxValue, default)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.All(reads, read => Assert.False(read.IsCompleted));
        await transaction.RollbackAsync();

        Assert.All(await Task.WhenAll(reads), Assert.Empty);
    }

    [Theory]
    [InlineData("Host=db;Database=p", false)]
    [InlineData("Host=db;Maximum Pool Size=7", true)]
    [InlineData("Host=db;maxpoolsize=7", true)]
    [InlineData("Host=db;Minimum Pool Size=7", false)]
    public async Task The_connection_strings_own_pool_size_is_kept(string connectionString, bool named)
    {
        Assert.Equal(named, PostgresStore.NamesPoolSize(connectionString));
        var options = new PostgresStorageOptions { ConnectionString = connectionString };
        await using var store = new PostgresStore("Default", options, TimeProvider.System);
        Assert.Equal(named ? 7 : options.MaxPoolSize, store.PoolSize);
    }

    [Fact]
    public void A_pool_too_small_for_a_commit_and_a_read_is_refused_at_start()
    {
        var options = new PostgresStorageOptions { ConnectionString = "Host=db", MaxPoolSize = 1 };
        var error = Assert.Throws<InvalidOperationException>(() => new PostgresStore("Default", options, TimeProvider.System));
        Assert.Contains("MaxPoolSize", error.Message, StringComparison.Ordinal);
    }

    private static ReadOnlyMemory<byte> Entry { get; } = Encoding.UTF8.GetBytes("{\"points\":1}");

    private static GrainId Id(int i) => GrainId.Create("member", $"m{i}");
}
