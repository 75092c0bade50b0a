using System.Collections.Frozen;
using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>
/// The fields a roster line may carry: those of organizations and members first, in the order of
/// the demo roster's CSV header (RosterWriter.CsvHeader), then those of report-ins and commitments, then a member line's status correction and its reason.
/// </summary>
internal enum RosterField
{
    Op,
    Id,
    Name,
    Kind,
    ParentId,
    Status,
    Category,
    OrgId,
    ResidenceGridId,
    Gender,
    BirthYear,
    JoinedOn,
    Phone,
    IdNumber,
    Skills,
    MemberId,
    GridId,
    Title,
    Target,
    Unit,
    DueOn,
    Progress,
    Correction,
    Reason,
}

/// <summary>
/// The raw values of one line, as text, whichever format it came in: the NDJSON and CSV readers fill
/// it and <see cref="RosterLineBuilder"/> turns it into an operation, so both formats are judged by
/// the same rules and give the same result.
/// </summary>
internal sealed class RosterFieldValues
{
    /// <summary>Field names as the API spells them (camelCase), matched without regard to case.</summary>
    public static readonly FrozenDictionary<string, RosterField> ByName = Enum.GetValues<RosterField>()
        .ToFrozenDictionary(WireName, f => f, StringComparer.OrdinalIgnoreCase);

    private static readonly int FieldCount = Enum.GetValues<RosterField>().Length;

    private readonly string?[] _values = new string?[FieldCount];

    /// <summary>The skills, when given (an empty array clears them).</summary>
    public ImmutableArray<string>? Skills { get; set; }

    /// <summary>The first field whose value had the wrong type (NDJSON), reported before anything else.</summary>
    public RosterField? WrongType { get; set; }

    public string? this[RosterField field]
    {
        get => _values[(int)field];
        set => _values[(int)field] = value;
    }

    public static string WireName(RosterField field) => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..];
}
