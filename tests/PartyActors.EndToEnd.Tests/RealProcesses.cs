namespace PartyActors.EndToEnd;

/// <summary>
/// The test classes that start silo processes run one after the other: on a two-core machine two
/// clusters at once would starve each other, and the recovery times measured would be noise.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class RealProcesses
{
    public const string Collection = "real processes";
}
