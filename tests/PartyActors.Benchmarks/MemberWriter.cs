using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using PartyActors.Grains;
using PartyActors.Grains.Demo;

namespace PartyActors.Benchmarks;

/// <summary>
/// Member changes over HTTP at a fixed rate, as an open loop (a slow answer does not slow the
/// writer until <c>maxInFlight</c> writes wait): in-service members report in to the grid they live
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
        var sent = 0L;
        var writes = new List<Task>();
        using var slots = new SemaphoreSlim(maxInFlight);
        var clock = Stopwatch.StartNew();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var wait = TimeSpan.FromSeconds(sent / (double)rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }

                await slots.WaitAsync(stop);
                sent++;
                writes.Add(WriteAsync(latencies, () => Interlocked.Increment(ref failed), slots));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The phase ended: let the writes in flight finish.
        }

        var elapsed = clock.Elapsed;
        await Task.WhenAll(writes);
        return new WriterResult(latencies, failed, elapsed, rate);
    }

    private async Task WriteAsync(Latencies latencies, Action fail, SemaphoreSlim slots)
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
        finally
        {
            slots.Release();
        }
    }
}
