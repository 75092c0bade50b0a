using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PartyActors.Silo.Tests;

[Collection(SiloCollection.Name)]
public sealed partial class OperationsTests(SiloFixture silo)
{
    private ApiClient Api => silo.Api;

    [Fact]
    public async Task Health_routes_answer_without_a_token()
    {
        Assert.Equal("live", (await Api.GetJsonAsync("/health/live", null))["status"]!.GetValue<string>());
        Assert.Equal("ready", (await Api.GetJsonAsync("/health/ready", null))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metrics_are_valid_prometheus_text_with_runtime_and_http_figures()
    {
        await Api.PlaceAsync("x-metrics", null, "street");
        using var response = await Api.GetAsync("/metrics", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var text = await response.Content.ReadAsStringAsync();

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

        Assert.Equal("counter", types["partyactors_calls_total"]);
        Assert.True(samples.Single(s => s.Name == "partyactors_calls_total").Value > 0);
        Assert.Equal("histogram", types["partyactors_calls_turn_duration_milliseconds"]);
        Assert.Equal("gauge", types["partyactors_activations_active"]);
        Assert.Equal("histogram", types["http_server_request_duration_seconds"]);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_bucket" && s.Labels.Contains("http_route=\"/api/v1/orgs/{orgId}\"", StringComparison.Ordinal));

        // Buckets are cumulative and end at +Inf with the count.
        foreach (var series in samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            .GroupBy(s => (s.Name, Labels: LeLabel().Replace(s.Labels, string.Empty))))
        {
            var counts = series.Select(s => s.Value).ToArray();
            Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First <= p.Second), $"{series.Key} is not cumulative");
            Assert.Contains("le=\"+Inf\"", series.Last().Labels, StringComparison.Ordinal);
            var count = samples.Single(s => s.Name == series.Key.Name[..^"_bucket".Length] + "_count" && s.Labels == series.Key.Labels);
            Assert.Equal(count.Value, counts[^1]);
        }
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
            ("/api/v1/auth/dev-token", "post"), ("/api/v1/audit", "get"),
            ("/health/live", "get"), ("/health/ready", "get"), ("/metrics", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is missing");
        }

        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        using var ui = await Api.GetAsync("/swagger/index.html", null);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*)\})? (?<value>\S+)$""")]
    private static partial Regex Sample();

    [GeneratedRegex(""",?le="[^"]*"$""")]
    private static partial Regex LeLabel();
}
