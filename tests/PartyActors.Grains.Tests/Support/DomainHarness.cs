using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace PartyActors.Grains.Tests;

/// <summary>
/// An Orleans test cluster (<see cref="InProcessTestCluster"/>, one silo unless a test asks for
/// more) with the domain grains, on a store that outlives restarts and crashes, and the calls tests
/// make most. Tests call grains through the cluster's client, as the HTTP layer and other clients
/// do. Unless a test brings its own storage, state, logs and reminders live in this process
/// (<see cref="Store"/>, <see cref="Reminders"/>): a restart or a crash replaces the silos, and the
/// new ones find exactly what the old ones wrote.
/// </summary>
internal sealed class DomainHarness : IAsyncDisposable
{
    private readonly Action<ISiloBuilder> _configure;
    private readonly TimeProvider? _time;
    private readonly short _silos;
    private readonly string _serviceId = "domain-" + Guid.NewGuid().ToString("N");
    private CrashFence _fence = new();
    private InProcessTestCluster? _cluster;

    private DomainHarness(Action<ISiloBuilder> configure, TimeProvider? time, short silos, MemoryGrainStore? store)
    {
        _configure = configure;
        _time = time;
        _silos = silos;
        Store = store;
    }

    /// <summary>The running cluster; replaced by <see cref="RestartAsync"/> and <see cref="CrashAndRestartAsync"/>.</summary>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is stopped.");

    /// <summary>The grain state and logs, when the test brought no storage of its own.</summary>
    public MemoryGrainStore? Store { get; }

    /// <summary>The reminders, when the test brought no storage of its own.</summary>
    public SharedReminderTable Reminders { get; } = new();

    /// <summary>Outages of the shared store for chosen organizations, when the test brought no storage of its own.</summary>
    public StoreFaults Faults { get; } = new();

    /// <summary>The cluster's client: what the HTTP layer and an Orleans client call.</summary>
    public IGrainFactory Factory => Cluster.Client;

    /// <summary>The first silo's services.</summary>
    public IServiceProvider SiloServices => Cluster.Silos[0].SiloHost.Services;

    public IOrganizationTreeGrain Tree => Factory.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);

    /// <param name="cadence">The roll-up cadence (5 ms unless given).</param>
    /// <param name="time">The silos' clock for grains and reminders (a <c>FakeTimeProvider</c> in retention tests); Orleans' own housekeeping stays on the system clock.</param>
    /// <param name="storage">Another store instead of the in-process one; it must register the reminder service if a test needs one.</param>
    /// <param name="configure">More roll-up options.</param>
    /// <param name="silo">More silo configuration (grain call filters, other grains).</param>
    /// <param name="silos">How many silos the cluster has.</param>
    public static async Task<DomainHarness> StartAsync(
        TimeSpan? cadence = null,
        TimeProvider? time = null,
        Action<ISiloBuilder>? storage = null,
        Action<RollupOptions>? configure = null,
        Action<ISiloBuilder>? silo = null,
        short silos = 1)
    {
        var store = storage is null ? new MemoryGrainStore(new JsonGrainStateSerializer(), time ?? TimeProvider.System) : null;
        DomainHarness? harness = null;
        harness = new DomainHarness(builder =>
        {
            if (storage is null)
            {
                harness!.AddSharedStore(builder);
            }
            else
            {
                storage(builder);
            }

            builder.AddDomainGrains(options =>
            {
                options.Cadence = cadence ?? TimeSpan.FromMilliseconds(5);
                configure?.Invoke(options);
            });
            silo?.Invoke(builder);
        }, time, silos, store);
        await harness.StartAsync();
        return harness;
    }

    /// <summary>Starts a new generation of silos (after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        if (_cluster is not null)
        {
            throw new InvalidOperationException("The cluster is running.");
        }

        _fence = new CrashFence();
        var builder = new InProcessTestClusterBuilder(_silos);
        builder.Options.ServiceId = _serviceId;
        builder.Options.ConfigureFileLogging = false;
        if (_time is { } time)
        {
            builder.ConfigureSiloHost((_, host) =>
            {
                // Grains and reminders on the test's clock; membership, messaging and the rest on the real one.
                host.Services.AddSingleton(time);
                host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
                // Its timers a millisecond late: on a clock that stands still, an on-time one can spin the reminder service for ever (LateTimerClock).
                host.Services.AddKeyedSingleton<TimeProvider>("Orleans.Reminders", (sp, _) => new LateTimerClock(sp.GetRequiredService<TimeProvider>()));
            });
        }

        builder.ConfigureSilo((_, silo) =>
        {
            _configure(silo);

            // Tests schedule reminders seconds apart; Orleans' default floor is a minute.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        _cluster = cluster;
    }

    /// <summary>Stops every silo gracefully: grains deactivate and write what they hold, as at a planned restart.</summary>
    public async Task StopAsync()
    {
        var cluster = Cluster;
        _cluster = null;
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    /// <summary>A graceful restart of every silo.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>
    /// Kills every silo without deactivating anything, as a power cut would: the store refuses the
    /// dying silos' calls from the moment of the crash. <see cref="StartAsync()"/> starts new silos
    /// on what was written.
    /// </summary>
    public async Task CrashAsync()
    {
        var cluster = Cluster;
        _cluster = null;
        _fence.Close();
        await cluster.KillClientAsync();
        foreach (var silo in cluster.Silos.ToList())
        {
            await cluster.KillSiloAsync(silo);
        }

        await cluster.DisposeAsync();
    }

    /// <summary>A crash (<see cref="CrashAsync"/>) and a start.</summary>
    public async Task CrashAndRestartAsync()
    {
        await CrashAsync();
        await StartAsync();
    }

    private void AddSharedStore(ISiloBuilder silo)
    {
        var view = new FencedStore(Store!, _fence, Faults);
        silo.Services.AddGrainLogs();
        silo.Services.AddGrainStorage(StorageSiloBuilderExtensions.DefaultStorageName, (_, _) => view);
        silo.Services.AddGrainLogStorage(StorageSiloBuilderExtensions.DefaultStorageName, (_, _) => view);
        var reminders = Reminders.For(_fence);
        silo.AddReminders();
        silo.Services.AddSingleton(reminders);
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
    /// <param name="reading">
    /// Only these organizations are read. Reading one activates it, and an activation reconciles with
    /// its children: a test of what repairs itself while nobody asks must not read the organization
    /// under test.
    /// </param>
    /// <param name="pump">Called between polls: a test on a fake clock moves it on there, so that the organizations' timers run.</param>
    public async Task AssertExactAsync(RollupModel model, TimeSpan? timeout = null, IReadOnlyCollection<string>? reading = null, Action? pump = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var expected = model.Recount();
        while (true)
        {
            var differences = new List<string>();
            foreach (var (orgId, counters) in expected)
            {
                if (reading is not null && !reading.Contains(orgId))
                {
                    continue;
                }

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

            pump?.Invoke();
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

    public async ValueTask DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }
    }
}
