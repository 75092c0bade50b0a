using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartyActors.Runtime.Testing;

namespace PartyActors.Grains.Tests;

/// <summary>
/// A silo with the domain grains on a store that outlives restarts and crashes (in memory unless a
/// test configures another), and the calls tests make most.
/// </summary>
internal sealed class DomainHarness : IAsyncDisposable
{
    private DomainHarness(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Factory => Cluster.GrainFactory;

    public IOrganizationTreeGrain Tree => Factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);

    public static async Task<DomainHarness> StartAsync(
        TimeSpan? cadence = null,
        TimeProvider? time = null,
        Action<ISiloBuilder>? storage = null,
        Action<RollupOptions>? configure = null)
    {
        var builder = InProcessTestCluster.CreateBuilder()
            .ConfigureSilo(silo =>
            {
                storage?.Invoke(silo);
                silo.AddDomainGrains(options =>
                {
                    options.Cadence = cadence ?? TimeSpan.FromMilliseconds(5);
                    configure?.Invoke(options);
                });
            });
        if (storage is null)
        {
            // One store instance for every silo this cluster starts: it survives restarts and crashes.
            var serializer = new GrainStateSerializer(Options.Create(new GrainStateSerializerOptions()));
            var store = new MemoryGrainStorage(serializer);
            builder.ConfigureServices(services => services.AddKeyedSingleton<IGrainStorage>(PersistentStateAttribute.DefaultStorageName, store));
        }

        if (time is not null)
        {
            builder.UseTimeProvider(time);
        }

        var cluster = builder.Build();
        await cluster.StartAsync();
        return new DomainHarness(cluster);
    }

    public IOrganizationGrain Org(string id) => Factory.GetGrain<IOrganizationGrain>(id);

    public IMemberGrain Member(string id) => Factory.GetGrain<IMemberGrain>(id);

    public Task<PlacementOutcome> PlaceAsync(string id, string? parentId, OrganizationKind kind = OrganizationKind.Branch, string? name = null) =>
        Tree.Place(id, new OrganizationDefinition(name ?? "组织 " + id, kind, parentId));

    public Task<ProfileOutcome> EnrollAsync(
        string id,
        string orgId,
        MemberStatus status = MemberStatus.Full,
        MemberCategory category = MemberCategory.Retired,
        string? residenceGridId = null) =>
        Member(id).SetProfile(new MemberProfile("党员 " + id, status, category, orgId, residenceGridId));

    /// <summary>Waits until every organization of <paramref name="model"/> publishes what the model recounts; fails with the differences.</summary>
    public async Task AssertExactAsync(RollupModel model, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var expected = model.Recount();
        while (true)
        {
            var differences = new List<string>();
            foreach (var (orgId, counters) in expected)
            {
                var actual = (await Org(orgId).GetRollup()).Metrics;
                if (actual != counters)
                {
                    differences.Add($"{orgId}: expected {counters}, published {actual}");
                }
            }

            if (differences.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{differences.Count} roll-up(s) differ from the recount:\n" + string.Join('\n', differences.Take(20)));
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }

    public static ImmutableArray<string> Ids(IEnumerable<string> ids) => [.. ids];

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
