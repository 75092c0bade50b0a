using System.Text.Json;

namespace PartyActors.Grains.Tests;

public sealed class RollupCountersJsonTests
{
    [Fact]
    public void The_wire_form_names_every_metric_and_stored_state_only_the_non_zero_ones()
    {
        var counters = RollupCounters.From((Metric.Members, 3), (Metric.ReportedHere, 1));

        var wire = JsonSerializer.Serialize(counters);
        var stored = JsonSerializer.Serialize(new ChildEntry { Total = counters });

        Assert.Contains("\"meetingsHeld\":0", wire, StringComparison.Ordinal);
        Assert.Contains("\"Total\":{\"members\":3,\"reportedHere\":1}", stored, StringComparison.Ordinal);
        Assert.Equal(counters, JsonSerializer.Deserialize<ChildEntry>(stored)!.Total);
        Assert.Equal(counters, JsonSerializer.Deserialize<RollupCounters>(wire));
    }
}
