using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PartyActors.Runtime.Tests.Grains;

namespace PartyActors.Runtime.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task The_runtime_reports_activations_calls_failures_queue_delay_and_turn_duration()
    {
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PartyActors.Runtime")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => totals.AddOrUpdate(i.Name, value, (_, v) => v + value));
        listener.SetMeasurementEventCallback<double>((i, _, _, _) => totals.AddOrUpdate(i.Name, 1, (_, v) => v + 1));
        // Other tests' silos publish the same instruments meanwhile: keep the largest gauge reading.
        listener.SetMeasurementEventCallback<int>((i, value, _, _) => totals.AddOrUpdate(i.Name, value, (_, v) => Math.Max(v, value)));
        listener.Start();

        await using var cluster = await TestClusters.StartAsync();
        var grains = Enumerable.Range(0, 5).Select(i => cluster.GrainFactory.GetGrain<ILifecycleGrain>($"m{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grains[0].Fail("x"));
        listener.RecordObservableInstruments();

        Assert.True(totals.GetValueOrDefault("partyactors.activations.created") >= 5);
        Assert.True(totals.GetValueOrDefault("partyactors.calls") >= 6);
        Assert.True(totals.GetValueOrDefault("partyactors.calls.failed") >= 1);
        Assert.True(totals.GetValueOrDefault("partyactors.calls.queue_delay") >= 6);
        Assert.True(totals.GetValueOrDefault("partyactors.calls.turn_duration") >= 6);
        Assert.True(totals.GetValueOrDefault("partyactors.activations.active") >= 5);
    }
}
