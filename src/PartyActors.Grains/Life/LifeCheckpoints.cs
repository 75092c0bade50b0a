namespace PartyActors.Grains;

/// <summary>The instants the schedule sweeps at: each boundary (cycles end there) and the reminder lead before it.</summary>
internal static class LifeCheckpoints
{
    /// <summary>The first checkpoint after <paramref name="after"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset after, TimeSpan lead)
    {
        var boundary = ReportPeriod.NextBoundary(after);
        var reminder = boundary - lead;
        return lead > TimeSpan.Zero && reminder > after ? reminder : boundary;
    }

    /// <summary>The latest checkpoint at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset Last(DateTimeOffset at, TimeSpan lead)
    {
        var reminder = ReportPeriod.NextBoundary(at) - lead;
        return lead > TimeSpan.Zero && reminder <= at ? reminder : ReportPeriod.LastBoundary(at);
    }
}
