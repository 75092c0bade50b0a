namespace PartyActors.Grains;

/// <summary>The kinds of grain that contribute figures to organizations.</summary>
[GenerateSerializer, Alias("PartyActors.SourceKind")]
public enum SourceKind
{
    /// <summary>A member: counted at the organization of record, the residence grid and the report-in grid.</summary>
    Member,

    /// <summary>A commitment (承诺): counted at the organization where its owner belonged when it was made.</summary>
    Commitment,

    /// <summary>A project or wish: counted at the organization that published it.</summary>
    Project,

    /// <summary>An organization's report-in (双报到): ties the organization to the community it reports in to.</summary>
    OrganizationReportIn,

    /// <summary>A resident's request (群众诉求): counted at the grid or community where it was filed.</summary>
    ResidentRequest,

    /// <summary>An organization's organizational life (三会一课): its activities required and held in the current cycles, counted at the organization itself.</summary>
    OrganizationLife,

    /// <summary>A resident's errand (全程代办): counted at the organization whose cadre took it.</summary>
    Errand,

    /// <summary>A co-building agreement (共驻共建): its items counted at the community that signed it.</summary>
    Agreement,

    /// <summary>A community's reward shop (爱心超市): its redemptions counted at the community.</summary>
    RewardShop,
}

/// <summary>A contributing grain: its kind and key.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SourceKey")]
public readonly record struct SourceKey([property: Id(0)] SourceKind Kind, [property: Id(1)] string Id)
{
    public override string ToString() => $"{Kind}:{Id}";

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static SourceKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse<SourceKind>(text.AsSpan(0, colon), out var kind))
        {
            throw new FormatException($"'{text}' is not a source key.");
        }

        return new SourceKey(kind, text[(colon + 1)..]);
    }
}

/// <summary>How a source is tied to an organization, beyond the figures it adds there.</summary>
[Flags]
[GenerateSerializer, Alias("PartyActors.SourceTies")]
public enum SourceTies
{
    None = 0,

    /// <summary>The organization holds the member's membership (organization of record).</summary>
    OfRecord = 1,

    /// <summary>The member lives in this grid.</summary>
    Resident = 2,

    /// <summary>The member is reported in to this grid (双报到).</summary>
    ReportedIn = 4,

    /// <summary>The organization (a unit stationed here, 驻区单位) is reported in to this community.</summary>
    StationedIn = 8,
}

/// <summary>
/// What one source adds to one organization's own counts, as a whole (not a delta): applying it
/// twice is the same as once. <see cref="Version"/> orders a source's updates.
/// </summary>
/// <param name="Months">
/// A member's points per month (<see cref="MonthlyPoints"/>), sent with its tie of record only, so
/// the organization can rank its members by the points of a period without asking them; null for
/// other ties and sources, and from members stored before months were kept, until they rebuild
/// them from their ledgers.
/// </param>
/// <param name="Card">
/// A member's name, status and category (<see cref="MemberCard"/>), sent with its tie of record only,
/// so the organization can list and search its members; null for other ties and sources.
/// </param>
[GenerateSerializer, Immutable, Alias("PartyActors.Contribution")]
public sealed record Contribution(
    [property: Id(0)] SourceKey Source,
    [property: Id(1)] RollupCounters Counters,
    [property: Id(2)] SourceTies Ties,
    [property: Id(3)] long Version,
    [property: Id(4)] MonthlyPoints? Months = null,
    [property: Id(5)] MemberCard? Card = null)
{
    /// <summary>Whether it adds nothing and ties nothing: the organization forgets the source.</summary>
    public bool IsEmpty => Ties == SourceTies.None && Counters.IsZero;
}

/// <summary>
/// A source's answer to reconciliation: what it currently contributes to an organization (null:
/// nothing), or <see cref="Busy"/> when an update of it is in flight and the question should wait.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ContributionReport")]
public sealed record ContributionReport([property: Id(0)] bool Busy, [property: Id(1)] Contribution? Contribution);

/// <summary>A grain that contributes figures to organizations and can say what it contributes.</summary>
[Alias("PartyActors.IRollupSource")]
public interface IRollupSource : IGrainWithStringKey
{
    /// <summary>What this source contributes to <paramref name="orgId"/> according to its own committed state.</summary>
    [AlwaysInterleave]
    Task<ContributionReport> GetContribution(string orgId);
}
