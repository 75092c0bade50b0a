using System.Text.RegularExpressions;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>
/// The shipped client and CLI cover every route the server maps (its OpenAPI document), and name
/// none that it does not: a route added without a client method and a command fails here, as does
/// a renamed route that left a stale name behind.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed partial class ApiCoverageTests(SiloFixture silo)
{
    [Fact]
    public async Task Every_route_has_a_client_method()
    {
        var served = await ApiOperations.ServedAsync(silo.Api);
        var named = ApiOperations.OfClient().Select(o => o.Operation).ToHashSet(StringComparer.Ordinal);

        var missing = served.Where(o => !named.Contains(o)).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} routes have no client method with [ApiOperation]:\n  {string.Join("\n  ", missing)}");
    }

    [Fact]
    public async Task Every_route_has_a_cli_command()
    {
        var served = await ApiOperations.ServedAsync(silo.Api);
        var named = ApiOperations.OfCli().Select(o => o.Operation).ToHashSet(StringComparer.Ordinal);

        var missing = served.Where(o => !named.Contains(o)).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} routes have no CLI command (ApiCommand) naming them:\n  {string.Join("\n  ", missing)}");
    }

    [Fact]
    public async Task Every_operation_the_client_and_the_cli_name_is_a_route_the_server_maps()
    {
        var served = await ApiOperations.ServedAsync(silo.Api);

        var stale = ApiOperations.OfClient().Where(o => !served.Contains(o.Operation)).Select(o => $"client {o.Method.Name}: {o.Operation}")
            .Concat(ApiOperations.OfCli().Where(o => !served.Contains(o.Operation)).Select(o => $"cli '{o.Command}': {o.Operation}"))
            .ToList();

        Assert.True(stale.Count == 0, $"{stale.Count} names match no route of the OpenAPI document:\n  {string.Join("\n  ", stale)}");
    }

    [Fact]
    public void Operations_are_spelled_as_a_method_and_a_route_template()
    {
        var malformed = ApiOperations.OfClient().Select(o => o.Operation)
            .Concat(ApiOperations.OfCli().Select(o => o.Operation))
            .Where(o => !Spelling().IsMatch(o))
            .ToList();

        Assert.Empty(malformed);
        Assert.NotEmpty(ApiOperations.OfClient());
        Assert.NotEmpty(ApiOperations.OfCli());
    }

    [Fact]
    public void The_walk_finds_nested_commands_by_their_full_names()
    {
        var commands = ApiOperations.OfCli();

        Assert.Contains(("orgs get", "GET /api/v1/orgs/{orgId}"), commands);
        Assert.Contains(("points rules set", "PUT /api/v1/orgs/{orgId}/points-rules"), commands);
        Assert.Contains(("roster push", "POST /api/v1/roster/batches"), commands);
        Assert.Contains(("rollup", "GET /api/v1/orgs/{orgId}/rollup"), commands);
    }

    [GeneratedRegex(@"^(GET|PUT|POST|DELETE|PATCH) /[A-Za-z0-9{}/._-]*$")]
    private static partial Regex Spelling();
}
