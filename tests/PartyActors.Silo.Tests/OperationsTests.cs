using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Silo.Operations;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed partial class OperationsTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Health_routes_answer_without_a_token_and_readiness_names_the_active_silo()
    {
        Assert.Equal("live", (await Api.GetJsonAsync("/health/live", null))["status"]!.GetValue<string>());
        var ready = await Api.GetJsonAsync("/health/ready", null);
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(ready["silo"]?.GetValue<string>()), "the ready answer names the silo");
    }

    [Fact]
    public async Task Readiness_is_503_while_the_silo_is_not_active_in_its_cluster()
    {
        // A test silo answers HTTP only while it is active, so the handler is given the status of one that is shutting down.
        var http = new DefaultHttpContext();
        var answer = await OperationsEndpoints.Ready(new SiloReadiness(new SiloIn(SiloStatus.ShuttingDown), silo.Services.GetRequiredService<StorageProbe>()), http);
        var problem = Assert.IsType<ProblemHttpResult>(answer.Result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("silo-not-active", problem.ProblemDetails.Extensions["code"]);
        Assert.False(string.IsNullOrEmpty(http.Response.Headers.RetryAfter), "Retry-After");

        var active = await OperationsEndpoints.Ready(new SiloReadiness(new SiloIn(SiloStatus.Active), silo.Services.GetRequiredService<StorageProbe>()), new DefaultHttpContext());
        Assert.IsType<Ok<HealthReport>>(active.Result);
    }

    [Fact]
    public async Task Metrics_are_valid_prometheus_text_with_orleans_http_stream_and_runtime_figures()
    {
        var admin = await Api.AdminAsync();
        await Api.PlaceAsync("x-metrics", null, "street");
        await using var stream = await EventStreamReader.OpenAsync(Api.Http, "x-metrics", admin);
        await stream.ReadEventAsync();

        using var response = await Api.GetAsync("/metrics", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var (types, samples) = Parse(await response.Content.ReadAsStringAsync());

        // Orleans: grain calls (a latency histogram counts each), activations by grain type, state writes by state.
        Assert.Equal("histogram", types["orleans_app_requests_latency_milliseconds"]);
        Assert.True(samples.Single(s => s.Name == "orleans_app_requests_latency_milliseconds_count").Value > 0, "grain calls were counted");
        Assert.Equal("gauge", types["orleans_catalog_activations"]);
        Assert.Contains(samples, s => s.Name == "orleans_catalog_activations" && s.Labels.Contains("grain_type=\"organization\"", StringComparison.Ordinal) && s.Value >= 1);
        Assert.Equal("counter", types["orleans_catalog_activation_created_total"]);
        Assert.Equal("histogram", types["orleans_storage_write_latency_milliseconds"]);
        Assert.Contains(samples, s => s.Name == "orleans_storage_write_latency_milliseconds_count" && s.Labels.Contains("state_name=\"organization\"", StringComparison.Ordinal) && s.Value >= 1);

        // HTTP: request durations by route template and method.
        Assert.Equal("histogram", types["http_server_request_duration_seconds"]);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Value >= 1
            && s.Labels.Contains("http_route=\"/api/v1/orgs/{orgId}\"", StringComparison.Ordinal) && s.Labels.Contains("http_request_method=\"PUT\"", StringComparison.Ordinal));

        // Streams: at least the one this test holds open (other tests of the fixture open theirs).
        Assert.Equal("gauge", types["partyactors_streams_connections"]);
        Assert.True(samples.Single(s => s.Name == "partyactors_streams_connections").Value >= 1, "the open stream is counted");
        Assert.True(samples.Single(s => s.Name == "partyactors_streams_feeds").Value >= 1, "its organization is observed");

        // The runtime, and the resource that names the service.
        Assert.Equal("gauge", types["dotnet_process_memory_working_set_bytes"]);
        Assert.True(samples.Single(s => s.Name == "dotnet_process_memory_working_set_bytes").Value > 0);
        Assert.Contains(samples, s => s.Name == "target_info" && s.Labels.Contains("service_name=\"partyactors-silo\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_answer_only_GET()
    {
        using var posted = await Api.PostAsync("/metrics", null);
        await Problem.AssertAsync(posted, HttpStatusCode.MethodNotAllowed);
    }

    /// <summary>Parses exposition text, asserting its grammar: one TYPE per family, every sample of a typed family, cumulative buckets ending at +Inf with the count.</summary>
    private static (Dictionary<string, string> Types, List<(string Name, string Labels, double Value)> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<(string Name, string Labels, double Value)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"TYPE of {parts[2]} given twice");
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a sample line: {line}");
            var value = sample.Groups["value"].Value;
            samples.Add((sample.Groups["name"].Value, sample.Groups["labels"].Value,
                value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(value, CultureInfo.InvariantCulture) }));
        }

        foreach (var (name, _, _) in samples)
        {
            var family = types.Keys.FirstOrDefault(t => name == t || (types[t] == "histogram" && (name == t + "_bucket" || name == t + "_sum" || name == t + "_count")));
            Assert.True(family is not null, $"sample {name} has no TYPE line");
        }

        foreach (var series in samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            .GroupBy(s => (s.Name, Labels: LeLabel().Replace(s.Labels, string.Empty))))
        {
            var counts = series.Select(s => s.Value).ToArray();
            Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First <= p.Second), $"{series.Key} is not cumulative");
            Assert.Contains("le=\"+Inf\"", series.Last().Labels, StringComparison.Ordinal);
            var count = samples.Single(s => s.Name == series.Key.Name[..^"_bucket".Length] + "_count" && s.Labels == series.Key.Labels);
            Assert.Equal(count.Value, counts[^1]);
        }

        return (types, samples);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_route()
    {
        using var response = await Api.GetAsync("/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/orgs/{orgId}", "put"), ("/api/v1/orgs/{orgId}", "get"), ("/api/v1/orgs/{orgId}", "delete"),
            ("/api/v1/orgs/{orgId}/rollup", "get"), ("/api/v1/orgs/{orgId}/rollup/rebuild", "post"),
            ("/api/v1/orgs/{orgId}/children", "get"), ("/api/v1/orgs/{orgId}/rollup/stream", "get"),
            ("/api/v1/members/{memberId}", "put"), ("/api/v1/members/{memberId}", "get"), ("/api/v1/members/{memberId}", "delete"),
            ("/api/v1/members/{memberId}/report-in", "post"), ("/api/v1/members/{memberId}/report-in", "delete"),
            ("/api/v1/members/{memberId}/commitments", "post"), ("/api/v1/orgs/{orgId}/commitments", "post"),
            ("/api/v1/orgs/{orgId}/commitments", "get"), ("/api/v1/orgs/{orgId}/supervision", "get"),
            ("/api/v1/commitments/{commitmentId}", "get"), ("/api/v1/commitments/{commitmentId}/progress", "post"),
            ("/api/v1/commitments/{commitmentId}/complete", "post"), ("/api/v1/commitments/{commitmentId}/reviews", "post"),
            ("/api/v1/supervision/{itemId}/close", "post"),
            ("/api/v1/orgs/{orgId}/report-in", "post"), ("/api/v1/orgs/{orgId}/report-in", "delete"), ("/api/v1/orgs/{orgId}/report-in", "get"),
            ("/api/v1/orgs/{orgId}/reported-orgs", "get"), ("/api/v1/orgs/{orgId}/service-feedback", "get"),
            ("/api/v1/auth/dev-token", "post"), ("/api/v1/audit", "get"),
            ("/health/live", "get"), ("/health/ready", "get"), ("/metrics", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is missing");
        }

        var feedback = paths.GetProperty("/api/v1/orgs/{orgId}/service-feedback").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(feedback.TryGetProperty("application/json", out _) && feedback.TryGetProperty("text/csv", out _), feedback.ToString());

        var metrics = paths.GetProperty("/metrics");
        Assert.Equal(["get"], metrics.EnumerateObject().Select(m => m.Name));
        Assert.True(metrics.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/plain", out _));

        // The operators' dashboard and its sign-in are not part of the API.
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/orleans", StringComparison.Ordinal));
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        using var ui = await Api.GetAsync("/swagger/index.html", null);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*)\})? (?<value>\S+)$""")]
    private static partial Regex Sample();

    [GeneratedRegex(""",?le="[^"]*"$""")]
    private static partial Regex LeLabel();

    /// <summary>A silo status oracle that knows only this silo's status.</summary>
    private sealed class SiloIn(SiloStatus status) : ISiloStatusOracle
    {
        public SiloStatus CurrentStatus => status;

        public string SiloName => "readiness-test";

        public SiloAddress SiloAddress { get; } = SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 1);

        public SiloAddress[] GetActiveSilos() => throw new NotSupportedException();

        public SiloStatus GetApproximateSiloStatus(SiloAddress siloAddress) => throw new NotSupportedException();

        public Dictionary<SiloAddress, SiloStatus> GetApproximateSiloStatuses(bool onlyActive = false) => throw new NotSupportedException();

        public bool TryGetSiloName(SiloAddress siloAddress, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? siloName) => throw new NotSupportedException();

        public bool IsFunctionalDirectory(SiloAddress siloAddress) => throw new NotSupportedException();

        public bool IsDeadSilo(SiloAddress silo) => throw new NotSupportedException();

        public bool SubscribeToSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();

        public bool UnSubscribeFromSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();
    }
}
