using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Demo;

/// <summary>One generation of the default district, shared by the tests of a class.</summary>
public sealed class DemoDistrictFixture
{
    public DemoDistrict District { get; } = ErqiDistrict.Generate();
}
