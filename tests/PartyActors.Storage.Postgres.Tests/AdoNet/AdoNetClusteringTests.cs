using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Messaging;
using Orleans.Placement;

namespace PartyActors.Storage.Postgres.Tests.AdoNet;

[Collection(AdoNetCollection.Name)]
public sealed class AdoNetClusteringTests(AdoNetFixture fixture)
{
    private const string ClusterId = "two-silos";

    [Fact]
    public async Task Two_silos_form_one_cluster_through_the_table_and_a_stopped_silo_is_marked_dead()
    {
        var connectionString = await fixture.CreateMigratedDatabaseAsync("cluster");
        var first = await AdoNetSilo.StartAsync(connectionString, ClusterId);
        IHost? second = null;
        IHost? client = null;
        try
        {
            second = await AdoNetSilo.StartAsync(connectionString, ClusterId);
            var firstAddress = AddressOf(first);
            var secondAddress = AddressOf(second);

            // Each silo reads the table through its own provider and finds both active, and each
            // one's view of the cluster (what it routes calls by) has the other in it.
            foreach (var silo in new[] { first, second })
            {
                var table = await ReadTableAsync(silo);
                Assert.Equal(SiloStatus.Active, StatusIn(table, firstAddress));
                Assert.Equal(SiloStatus.Active, StatusIn(table, secondAddress));
            }

            await Until(() => ViewOf(first).GetSiloStatus(secondAddress) == SiloStatus.Active
                && ViewOf(second).GetSiloStatus(firstAddress) == SiloStatus.Active);

            var membership = first.Services.GetRequiredService<IMembershipTable>();
            var row = await membership.ReadRowAsync(secondAddress);
            Assert.Equal(secondAddress, Assert.Single(row.Members).Item1.SiloAddress);

            // Random placement: of a few activations called from the first silo, some live on the second.
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var hosts = new HashSet<string>();
            for (var key = 0; key < 32 && hosts.Count < 2; key++)
            {
                hosts.Add(await grains.GetGrain<ISiloLocatorGrain>(key).SiloAddress());
            }

            Assert.Contains(secondAddress.ToParsableString(), hosts);

            // A client finds both gateways in the table and its calls reach the cluster.
            client = await AdoNetSilo.StartClientAsync(connectionString, ClusterId);
            var gateways = client.Services.GetRequiredService<IGatewayListProvider>();
            Assert.Equal(2, (await gateways.GetGateways()).Count);
            var answer = await client.Services.GetRequiredService<IClusterClient>().GetGrain<ISiloLocatorGrain>(0).SiloAddress();
            Assert.Contains(answer, new[] { firstAddress.ToParsableString(), secondAddress.ToParsableString() });

            await AdoNetSilo.StopAsync(second);
            second = null;

            Assert.Single(await gateways.GetGateways());
            var afterStop = await ReadTableAsync(first);
            Assert.Equal(SiloStatus.Dead, StatusIn(afterStop, secondAddress));
            Assert.Equal(SiloStatus.Active, StatusIn(afterStop, firstAddress));
            await Until(() => ViewOf(first).GetSiloStatus(secondAddress) == SiloStatus.Dead);

            // The table's version is its ETag: of two writers who read the same version, only the
            // first gets through, whether it updates a row or inserts one. The update carries a
            // suspicion vote, which a silo that stops answering probes gets, stored as Orleans' text.
            var (deadEntry, etag) = afterStop.Members.Single(m => m.Item1.SiloAddress.Equals(secondAddress));
            // Orleans' text keeps a vote's time to the millisecond.
            var voteTime = new DateTime(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
            deadEntry.AddSuspector(firstAddress, voteTime);
            Assert.True(await membership.UpdateRowAsync(deadEntry, etag, afterStop.Version.Next()));
            Assert.False(await membership.UpdateRowAsync(deadEntry, etag, afterStop.Version.Next()));
            Assert.False(await membership.InsertRowAsync(Ghost(), afterStop.Version.Next()));
            afterStop = await ReadTableAsync(first);
            Assert.Equal(2, afterStop.Members.Count);
            var votes = afterStop.Members.Single(m => m.Item1.SiloAddress.Equals(secondAddress)).Item1.SuspectTimes ?? [];
            Assert.Contains((firstAddress, voteTime), votes.Select(v => (v.Item1, v.Item2)));

            // Defunct-row cleanup, as Orleans runs it: a dead row is removed only once it is older
            // than the cutoff, and a live silo's row never.
            var lastHeartbeat = afterStop.Members.Single(m => m.Item1.SiloAddress.Equals(secondAddress)).Item1.IAmAliveTime;
            await membership.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(lastHeartbeat).AddSeconds(-1));
            Assert.Equal(SiloStatus.Dead, StatusIn(await ReadTableAsync(first), secondAddress));

            await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
            var afterCleanup = await ReadTableAsync(first);
            Assert.Null(StatusIn(afterCleanup, secondAddress));
            Assert.Equal(SiloStatus.Active, StatusIn(afterCleanup, firstAddress));
        }
        finally
        {
            if (client is not null)
            {
                await AdoNetSilo.StopAsync(client);
            }

            if (second is not null)
            {
                await AdoNetSilo.StopAsync(second);
            }

            await AdoNetSilo.StopAsync(first);
        }
    }

    /// <summary>A dead silo that never was, for a write that must not land.</summary>
    private static MembershipEntry Ghost() => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, 1, 1),
        SiloName = "ghost",
        HostName = "ghost",
        Status = SiloStatus.Dead,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
    };

    private static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static ClusterMembershipSnapshot ViewOf(IHost silo) => silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;

    private static Task<MembershipTableData> ReadTableAsync(IHost silo) => silo.Services.GetRequiredService<IMembershipTable>().ReadAllAsync();

    private static SiloStatus? StatusIn(MembershipTableData table, SiloAddress silo) =>
        table.Members.Select(m => m.Item1).SingleOrDefault(entry => entry.SiloAddress.Equals(silo))?.Status;

    /// <summary>Waits for gossip between silos, which is asynchronous; ten seconds is far beyond what it takes.</summary>
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The silos' views of the cluster did not converge.");
            await Task.Delay(50);
        }
    }
}

/// <summary>A grain that tells which silo it was activated on.</summary>
public interface ISiloLocatorGrain : IGrainWithIntegerKey
{
    Task<string> SiloAddress();
}

/// <summary>Placed at random, so that activations land on both silos whoever calls.</summary>
[RandomPlacement]
internal sealed class SiloLocatorGrain(ILocalSiloDetails silo) : Grain, ISiloLocatorGrain
{
    public Task<string> SiloAddress() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
