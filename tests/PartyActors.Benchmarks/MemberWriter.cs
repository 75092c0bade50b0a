using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.Benchmarks;

/// <summary>
/// Member changes over HTTP at a fixed rate (<see cref="OpenLoop"/>): in-service members report in to the grid they live
/// in (双报到), and on the next pass over them withdraw, so each change moves figures up to the
/// district root and the organizations' records keep their size however long it runs.
/// </summary>
internal sealed class MemberWriter(HttpClient http, DemoDistrict district)
{
    private readonly (string Id, string GridId)[] _members = [.. district.Members
        .Where(m => m.Profile is { Category: MemberCategory.InService, ResidenceGridId: not null } && m.Profile.Status.IsCounted())
        .Select(m => (m.Id, m.Profile.ResidenceGridId!))];

    /// <summary>Counts across runs, so each run continues the previous one's pass.</summary>
    private long _next;

    public async Task<WriterResult> RunAsync(int rate, int maxInFlight, CancellationToken stop)
    {
        var latencies = new Latencies();
        var failed = 0;
        var elapsed = await OpenLoop.RunAsync(rate, maxInFlight, () => WriteAsync(latencies, () => Interlocked.Increment(ref failed)), stop);
        return new WriterResult(latencies, failed, elapsed, rate);
    }

    private async Task WriteAsync(Latencies latencies, Action fail)
    {
        var n = Interlocked.Increment(ref _next) - 1;
        var (id, gridId) = _members[n % _members.Length];
        var reportIn = n / _members.Length % 2 == 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/members/{id}/report-in"), UriKind.Relative);
            using var response = reportIn
                ? await http.PostAsJsonAsync(uri, new { gridId })
                : await http.DeleteAsync(uri);
            if (response.IsSuccessStatusCode)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            else
            {
                fail();
            }
        }
        catch (HttpRequestException)
        {
            fail();
        }
        catch (TaskCanceledException)
        {
            fail();
        }
    }
}
