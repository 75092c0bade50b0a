using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace PartyActors.Grains;

/// <summary>What an SLA term counts; serialized by its wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlaUnit>))]
[GenerateSerializer, Alias("PartyActors.SlaUnit")]
public enum SlaUnit
{
    /// <summary>Working days in China Standard Time (weekends and holidays skipped, make-up working days counted); the term ends at midnight after the last.</summary>
    [JsonStringEnumMemberName("working-days")] WorkingDays,

    /// <summary>Clock hours from the start of the term.</summary>
    [JsonStringEnumMemberName("hours")] Hours,
}

/// <summary>How long a level has to answer (限期答复): an amount of working days or hours.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SlaTerm")]
public sealed record SlaTerm([property: Id(0)] int Amount, [property: Id(1)] SlaUnit Unit);

/// <summary>A term for a category and/or a level (the kind of the organization answering); null matches any.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SlaRule")]
public sealed record SlaRule(
    [property: Id(0)] string? Category,
    [property: Id(1)] OrganizationKind? Level,
    [property: Id(2)] int Amount,
    [property: Id(3)] SlaUnit Unit)
{
    [JsonIgnore]
    public SlaTerm Term => new(Amount, Unit);
}

/// <summary>
/// An SLA table, of requests or of errands (one shape for both, so admins learn one table and one
/// set of checks, <see cref="SlaRules"/>): the term for a category at a level is the first of the
/// rules naming both, then the category alone, then the level alone, then <see cref="Default"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PartyActors.SlaTable")]
public sealed record SlaTable([property: Id(0)] SlaTerm Default, [property: Id(1)] ImmutableArray<SlaRule> Rules)
{
    public SlaTerm TermFor(string category, OrganizationKind level)
    {
        var rules = Rules.IsDefault ? [] : Rules;
        return (rules.FirstOrDefault(r => r.Category == category && r.Level == level)
            ?? rules.FirstOrDefault(r => r.Category == category && r.Level is null)
            ?? rules.FirstOrDefault(r => r.Category is null && r.Level == level))?.Term
            ?? Default;
    }
}
