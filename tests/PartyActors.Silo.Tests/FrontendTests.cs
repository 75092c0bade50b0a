using System.Net;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>
/// The stateless frontend (<c>Cluster:Role=Frontend</c>): the same program, hosting no grain, calls
/// a silo through its gateway as an Orleans client over loopback TCP, and answers the same API.
/// </summary>
public sealed class FrontendTests : IAsyncLifetime
{
    private SiloFactory _silo = null!;
    private SiloFactory _frontend = null!;
    private ApiClient _siloApi = null!;
    private ApiClient _frontendApi = null!;

    public Task InitializeAsync()
    {
        _silo = new SiloFactory();
        _siloApi = _silo.Start();
        _frontend = new SiloFactory(new Dictionary<string, string?>
        {
            ["Cluster:Role"] = "Frontend",
            ["Cluster:GatewayPort"] = _silo.Setting("Cluster:GatewayPort"),
        });
        _frontendApi = _frontend.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _frontendApi.Dispose();
        _siloApi.Dispose();
        await _frontend.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task A_frontend_answers_the_api_through_the_silo_it_calls()
    {
        var admin = await _frontendApi.AdminAsync();
        await _frontendApi.PlaceAsync("fe-district", null, "district");
        await _frontendApi.PlaceAsync("fe-grid", "fe-district", "grid");
        await _frontendApi.EnrollAsync("fe-m1", "fe-grid");

        // Written through the frontend, read on the silo, and the other way round: one cluster.
        await _siloApi.EventuallyAsync("/api/v1/orgs/fe-district/rollup", await _siloApi.AdminAsync(),
            json => Metric(json, "members") == 1, "the member written through the frontend counts at the silo");
        await _siloApi.EnrollAsync("fe-m2", "fe-grid");
        await _frontendApi.EventuallyAsync("/api/v1/orgs/fe-district/rollup", admin,
            json => Metric(json, "members") == 2, "the member written at the silo counts through the frontend");

        var member = await _frontendApi.GetJsonAsync("/api/v1/members/fe-m2", admin);
        Assert.Equal("fe-grid", member["orgId"]!.GetValue<string>());

        using var missing = await _frontendApi.GetAsync("/api/v1/orgs/fe-nowhere", admin);
        var problem = await Problem.AssertAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal("org-not-found", problem["code"]!.GetValue<string>());

        using var invalid = await _frontendApi.PutAsync("/api/v1/orgs/fe-bad", admin, new { name = "x", kind = "planet", parentId = "fe-district" });
        await Problem.AssertInvalidAsync(invalid, "kind");
    }

    [Fact]
    public async Task A_frontend_streams_rollups_from_grains_on_the_silo()
    {
        var admin = await _frontendApi.AdminAsync();
        await _frontendApi.PlaceAsync("fe-stream", null, "community");
        await using var stream = await EventStreamReader.OpenAsync(_frontendApi.Http, "fe-stream", admin);
        var first = await stream.ReadEventAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, first.Metric("members"));

        // The change goes in at the silo; the frontend's observer is called back across the gateway.
        await _siloApi.EnrollAsync("fe-stream-m", "fe-stream");
        var (update, _) = await stream.ReadUntilAsync(e => e.Metric("members") == 1);
        Assert.True(update.Version > first.Version);
    }

    [Fact]
    public async Task A_frontend_is_ready_while_a_silo_answers_and_not_once_none_does()
    {
        var ready = await _frontendApi.GetJsonAsync("/health/ready", token: null);
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        var silo = await _siloApi.GetJsonAsync("/health/ready", token: null);
        Assert.Equal(silo["silo"]!.GetValue<string>(), ready["silo"]!.GetValue<string>());

        await _silo.DisposeAsync();
        using var response = await _frontendApi.GetAsync("/health/ready", token: null);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("cluster-unavailable", problem["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter is not null, "A 503 says when to try again.");
    }

    [Fact]
    public async Task A_frontend_serves_the_operator_dashboard_and_its_metrics()
    {
        var admin = await _frontendApi.AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        request.Headers.Authorization = new("Bearer", admin);
        using var dashboard = await _frontendApi.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        var metrics = await _frontendApi.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("http_server_request_duration", metrics, StringComparison.Ordinal);
    }

    private static long Metric(JsonObject rollup, string name) => rollup["metrics"]![name]!.GetValue<long>();
}
