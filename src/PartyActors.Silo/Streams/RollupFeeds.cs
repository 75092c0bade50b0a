using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PartyActors.Grains;
using PartyActors.Silo.Operations;

namespace PartyActors.Silo.Streams;

/// <summary>
/// The bridge from organizations to server-sent event streams: one <see cref="RollupFeed"/> (one
/// grain observer) per organization with local subscribers, shared by all of them, created with the
/// first subscriber and unsubscribed when the last one leaves.
/// </summary>
internal sealed class RollupFeeds : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RollupFeed> _feeds = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<RollupFeeds> _logger;
    private readonly StreamOptions _options;
    private readonly TimeSpan _renewInterval;
    private int _connections;

    public RollupFeeds(IGrainFactory grains, IOptions<StreamOptions> options, IOptions<RollupOptions> rollups,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, IMeterFactory meters, ILogger<RollupFeeds> logger)
    {
        Encoder = new RollupEventEncoder((JsonTypeInfo<Rollup>)json.Value.SerializerOptions.GetTypeInfo(typeof(Rollup)));
        _grains = grains;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _renewInterval = _options.RenewInterval ?? rollups.Value.ObserverExpiration / 3;
        var meter = meters.Create(SiloMetrics.MeterName);
        meter.CreateObservableGauge("partyactors.streams.connections", () => Connections, "{connection}", "Open roll-up event streams.");
        meter.CreateObservableGauge("partyactors.streams.feeds", () => FeedCount, "{organization}", "Organizations this silo observes for streams.");
    }

    public int Connections => Volatile.Read(ref _connections);

    public int FeedCount
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Count;
            }
        }
    }

    public StreamOptions Options => _options;

    public RollupEventEncoder Encoder { get; }

    /// <summary>Local subscribers of <paramref name="orgId"/>'s feed (0 when this silo does not observe it).</summary>
    public int CountSubscribers(string orgId)
    {
        lock (_lock)
        {
            return _feeds.TryGetValue(orgId, out var feed) ? feed.Count : 0;
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="orgId"/>'s roll-ups; null when <see cref="StreamOptions.MaxConnections"/>
    /// streams are open. Throws what the organization's <c>Subscribe</c> throws (404 for an unknown one).
    /// </summary>
    public async Task<RollupSubscription?> SubscribeAsync(string orgId, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _connections) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _connections);
            return null;
        }

        RollupFeed feed;
        var subscription = new RollupSubscription(this);
        lock (_lock)
        {
            if (!_feeds.TryGetValue(orgId, out feed!))
            {
                feed = new RollupFeed(orgId, _grains, _time, _renewInterval, Encoder, _logger);
                _feeds[orgId] = feed;
                feed.Start();
            }

            feed.Add(subscription);
            subscription.Feed = feed;
        }

        try
        {
            await feed.Ready.WaitAsync(cancellationToken);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    /// <summary>Removes a subscriber; the last one of an organization closes its feed.</summary>
    internal void Leave(RollupSubscription subscription)
    {
        RollupFeed? closing = null;
        lock (_lock)
        {
            var feed = subscription.Feed;
            if (feed is null || !feed.Remove(subscription))
            {
                return;
            }

            // A feed whose subscription failed is dropped at once, so the next subscriber tries afresh.
            if (feed.IsEmpty || feed.Ready.IsFaulted)
            {
                if (_feeds.TryGetValue(feed.OrgId, out var current) && current == feed)
                {
                    _feeds.Remove(feed.OrgId);
                }

                closing = feed.IsEmpty ? feed : null;
            }
        }

        Interlocked.Decrement(ref _connections);
        if (closing is not null)
        {
            _ = closing.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        RollupFeed[] feeds;
        lock (_lock)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }

        await Task.WhenAll(feeds.Select(f => f.CloseAsync()));
    }
}

/// <summary>
/// One organization's observer on this silo. The grain delivers its roll-ups here one at a time;
/// each is offered to every local subscriber's single slot, which never blocks. The subscription is
/// renewed on a timer well before the grain would let it expire.
/// </summary>
internal sealed class RollupFeed(string orgId, IGrainFactory grains, TimeProvider time, TimeSpan renewInterval, RollupEventEncoder encoder, ILogger logger)
    : IRollupObserver
{
    private ImmutableArray<RollupSubscription> _subscribers = [];
    private IRollupObserver? _reference;
    private ITimer? _renewal;
    private long _latestVersion = -1;
    private int _closed;

    public string OrgId { get; } = orgId;

    /// <summary>Completes when the grain has accepted the subscription.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>Subscribers; changed under the owning <see cref="RollupFeeds"/>' lock, read without it.</summary>
    public bool IsEmpty => _subscribers.IsEmpty;

    public int Count => _subscribers.Length;

    private IOrganizationGrain Organization => grains.GetGrain<IOrganizationGrain>(OrgId);

    public void Start()
    {
        _reference = grains.CreateObjectReference<IRollupObserver>(this);
        Ready = Organization.Subscribe(_reference);
        _renewal = time.CreateTimer(static state => ((RollupFeed)state!).Renew(), this, renewInterval, renewInterval);
    }

    public void Add(RollupSubscription subscription) => _subscribers = _subscribers.Add(subscription);

    public bool Remove(RollupSubscription subscription)
    {
        var before = _subscribers;
        _subscribers = before.Remove(subscription);
        return _subscribers.Length != before.Length;
    }

    public Task OnRollup(Rollup rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);

        // Deliveries come one at a time, in order; the version check only guards against a replay.
        if (rollup.Version > _latestVersion)
        {
            _latestVersion = rollup.Version;

            // Encoded once for every subscriber of this silo.
            var update = encoder.Encode(rollup);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(update);
            }
        }

        return Task.CompletedTask;
    }

    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1 || _reference is null)
        {
            return;
        }

        _renewal?.Dispose();
        try
        {
            await Organization.Unsubscribe(_reference);
            grains.DeleteObjectReference<IRollupObserver>(_reference);
        }
        catch (Exception exception)
        {
            // The grain forgets an unrenewed observer by itself, and a stopping silo drops every
            // observer object: nothing is left behind for long.
            logger.LogDebug(exception, "Could not unsubscribe the roll-up feed of {OrgId}.", OrgId);
        }
    }

    private void Renew()
    {
        if (Volatile.Read(ref _closed) == 1 || _reference is null)
        {
            return;
        }

        _ = RenewAsync(_reference);
    }

    private async Task RenewAsync(IRollupObserver reference)
    {
        try
        {
            await Organization.Subscribe(reference);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not renew the roll-up feed of {OrgId}; retrying at the next renewal.", OrgId);
        }
    }
}

/// <summary>One stream's place at a feed: a single slot holding the newest roll-up not yet taken.</summary>
internal sealed class RollupSubscription(RollupFeeds feeds) : IDisposable
{
    private readonly Channel<RollupEvent> _slot = Channel.CreateBounded<RollupEvent>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = true,
    });

    private int _disposed;

    public RollupFeed? Feed { get; set; }

    public ChannelReader<RollupEvent> Updates => _slot.Reader;

    /// <summary>Replaces whatever the slot holds; never blocks.</summary>
    public void Offer(RollupEvent update) => _slot.Writer.TryWrite(update);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            feeds.Leave(this);
        }
    }
}

/// <summary>A roll-up as one server-sent event, ready to write.</summary>
internal sealed record RollupEvent(long Version, byte[] Frame);

/// <summary>Encodes roll-ups as <c>event: rollup</c> frames (the JSON has no line breaks, so it fits one data line).</summary>
internal sealed class RollupEventEncoder(JsonTypeInfo<Rollup> typeInfo)
{
    public RollupEvent Encode(Rollup rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var json = JsonSerializer.Serialize(rollup, typeInfo);
        return new RollupEvent(rollup.Version, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"event: rollup\nid: {rollup.Version}\ndata: {json}\n\n")));
    }
}
