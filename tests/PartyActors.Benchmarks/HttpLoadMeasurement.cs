using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PartyActors.EndToEnd;
using PartyActors.Grains;
using PartyActors.Grains.Demo;
using PartyActors.Storage.Postgres.Testing;

namespace PartyActors.Benchmarks;

/// <summary>
/// The <c>http-load</c> mode (issue 5): what a user of the real silo meets. The silo runs as its own
/// process on a throwaway PostgreSQL server (fsync on), started as an operator would
/// (<see cref="SiloProcess"/>). The Erqi roster is pushed through <c>POST /api/v1/roster/batches</c>
/// and timed to the batch's completion; then, for each concurrency, closed loops of keep-alive GETs
/// (each loop sends its next request when the last answer is read) run for a fixed time against
/// <c>/health/live</c> (the HTTP stack alone: the baseline), the district root's roll-up on an idle
/// silo, and the same roll-up while a background writer changes members over HTTP at a fixed rate.
/// Client and silo share the machine, so the baseline is what makes runs on noisy machines comparable.
/// </summary>
internal static class HttpLoadMeasurement
{
    /// <summary>Member changes per second made by the background writer over HTTP during the loaded phase.</summary>
    private const int WriterRate = 200;

    /// <summary>The most writes the background writer keeps in flight; past it, it falls behind rather than pile up.</summary>
    private const int WriterMaxInFlight = 64;

    /// <summary>Roll-up GETs a second in the paced phases: a thousand supervisors' dashboards refreshing every second, and five times that.</summary>
    private static readonly int[] PacedRates = [1_000, 5_000];

    /// <summary>Outstanding GETs the paced phases allow before falling behind their rate.</summary>
    private const int PacedMaxInFlight = 256;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(int seconds, IReadOnlyList<int> concurrencies)
    {
        var phase = TimeSpan.FromSeconds(seconds);
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = await postgres.CreateDatabaseAsync("httpload");
        Console.WriteLine($"PostgreSQL throwaway server on 127.0.0.1:{postgres.Port}: {await PostgresMeasurement.SettingsAsync(database)}");

        var clock = Stopwatch.StartNew();
        var signingKey = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var silo = await SiloProcess.StartAsync(database, signingKey, TimeSpan.FromSeconds(60), SiloPorts.Free());
        Print($"silo process (dotnet {Path.GetFileName(BuiltAssemblies.Silo)}, pid {silo.Process.Id}) ready at {silo.BaseAddress} after {clock.Elapsed.TotalSeconds:F1} s");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        })
        {
            BaseAddress = silo.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DevTokenAsync(http));

        var district = ErqiDistrict.Generate();
        var root = district.Organizations[0].Id;
        await ImportRosterAsync(http, district);

        var rollup = $"/api/v1/orgs/{root}/rollup";
        var writer = new MemberWriter(http, district);
        using var siloProcess = Process.GetProcessById(silo.Process.Id);
        _ = await LoadAsync(siloProcess, http, "/health/live", concurrencies.Max(), WarmUp, writer: null);
        _ = await LoadAsync(siloProcess, http, rollup, concurrencies.Max(), WarmUp, writer);
        Print($"warm-up: {WarmUp.TotalSeconds:F0} s of each, at concurrency {concurrencies.Max()}");

        foreach (var concurrency in concurrencies)
        {
            Console.WriteLine();
            Print($"concurrency {concurrency} (closed loops, keep-alive), {seconds} s per phase");
            Print($"  GET /health/live (baseline: the HTTP stack)   : {await LoadAsync(siloProcess, http, "/health/live", concurrency, phase, writer: null)}");
            Print($"  GET {rollup}, idle       : {await LoadAsync(siloProcess, http, rollup, concurrency, phase, writer: null)}");
            var loaded = await LoadAsync(siloProcess, http, rollup, concurrency, phase, writer);
            Print($"  GET {rollup}, {WriterRate} writes/s : {loaded}");
            Print($"    background writer (report-in / withdraw over HTTP): {loaded.Writes}");
        }

        Console.WriteLine();
        Print($"paced GETs (open loop, latency from each send), {seconds} s per phase");
        foreach (var rate in PacedRates)
        {
            Print($"  GET /health/live, {rate,5:N0}/s offered, no writes (baseline) : {await PacedAsync(siloProcess, http, "/health/live", rate, phase, writer: null)}");
            var paced = await PacedAsync(siloProcess, http, rollup, rate, phase, writer);
            Print($"  GET {rollup}, {rate,5:N0}/s offered, {WriterRate} writes/s : {paced}");
            Print($"    background writer (report-in / withdraw over HTTP): {paced.Writes}");
        }

        return 0;
    }

    /// <summary>Pushes the district's roster as NDJSON and follows the batch until it completes and the root shows every member.</summary>
    private static async Task ImportRosterAsync(HttpClient http, DemoDistrict district)
    {
        using var buffer = new MemoryStream();
        await using (var text = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        {
            RosterWriter.WriteNdjson(district, text);
        }

        var body = buffer.ToArray();
        var lines = district.Organizations.Length + district.Members.Length;
        var members = district.Members.Count(m => m.Profile.Status.IsCounted());
        var root = district.Organizations[0].Id;

        var clock = Stopwatch.StartNew();
        var (acceptedAfter, batch) = await PushRosterAsync(http, body, "http-load-erqi", clock);
        var appliedAfter = clock.Elapsed;
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{root}/rollup")).GetProperty("metrics").GetProperty("members").GetInt64() != members)
        {
            await Task.Delay(20);
        }

        var shownAfter = clock.Elapsed;
        Print($"Erqi roster over HTTP: {lines:N0} lines, {body.Length / 1024:N0} KiB NDJSON; 202 (every line durable) after {acceptedAfter.TotalSeconds:F2} s, batch completed after {appliedAfter.TotalSeconds:F2} s ({lines / appliedAfter.TotalSeconds:N0} lines/s), district roll-up shows all {members:N0} members after {shownAfter.TotalSeconds:F2} s");
        Print($"  batch: total {batch.GetProperty("total").GetInt32():N0}, applied {batch.GetProperty("applied").GetInt32():N0}, rejected {batch.GetProperty("rejected").GetInt32():N0}");
    }

    /// <summary>
    /// Pushes an NDJSON roster under <paramref name="idempotencyKey"/> and follows the batch until it
    /// completes: when the 202 came (on <paramref name="clock"/>), and the completed batch.
    /// </summary>
    public static async Task<(TimeSpan AcceptedAfter, JsonElement Batch)> PushRosterAsync(HttpClient http, byte[] ndjson, string idempotencyKey, Stopwatch clock)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/roster/batches") { Content = new ByteArrayContent(ndjson) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var accepted = await http.SendAsync(request);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The roster push answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }

        var acceptedAfter = clock.Elapsed;
        var batchId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        while (true)
        {
            var batch = await http.GetFromJsonAsync<JsonElement>($"/api/v1/roster/batches/{batchId}");
            if (batch.GetProperty("status").GetString() == "completed")
            {
                return (acceptedAfter, batch);
            }

            await Task.Delay(20);
        }
    }

    /// <summary>An admin's token from the dev-token route, which <see cref="SiloProcess"/> turns on.</summary>
    public static async Task<string> DevTokenAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/dev-token", new { sub = "http-load", roles = new[] { "admin" } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary><paramref name="concurrency"/> closed loops of GET <paramref name="path"/> for <paramref name="duration"/>, with the writer running meanwhile if given.</summary>
    private static Task<LoadResult> LoadAsync(Process silo, HttpClient http, string path, int concurrency, TimeSpan duration, MemberWriter? writer) =>
        MeasureAsync(silo, duration, writer, async (latencies, errors, stop) =>
        {
            var uri = new Uri(path, UriKind.Relative);
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await GetAsync(http, uri, latencies, errors);
                }
            })));
        });

    /// <summary>GETs of <paramref name="path"/> sent at <paramref name="rate"/> a second (<see cref="OpenLoop"/>) for <paramref name="duration"/>, with the writer running meanwhile if given.</summary>
    private static Task<LoadResult> PacedAsync(Process silo, HttpClient http, string path, int rate, TimeSpan duration, MemberWriter? writer) =>
        MeasureAsync(silo, duration, writer, (latencies, errors, stop) =>
        {
            var uri = new Uri(path, UriKind.Relative);
            return OpenLoop.RunAsync(rate, PacedMaxInFlight, () => GetAsync(http, uri, latencies, errors), stop);
        });

    /// <summary>Runs <paramref name="drive"/> (and the writer) for <paramref name="duration"/> and gathers what it measured with the CPU spent meanwhile.</summary>
    private static async Task<LoadResult> MeasureAsync(
        Process silo, TimeSpan duration, MemberWriter? writer, Func<Latencies, StrongBox<int>, CancellationToken, Task> drive)
    {
        using var stop = new CancellationTokenSource(duration);
        using var client = Process.GetCurrentProcess();
        silo.Refresh();
        var cpu = (Silo: silo.TotalProcessorTime, Client: client.TotalProcessorTime, Machine: MachineCpu.Read());
        var clock = Stopwatch.StartNew();
        var writing = writer?.RunAsync(WriterRate, WriterMaxInFlight, stop.Token);
        var latencies = new Latencies();
        var errors = new StrongBox<int>();
        await drive(latencies, errors, stop.Token);
        var writes = writing is null ? null : await writing;
        var elapsed = clock.Elapsed;
        silo.Refresh();
        client.Refresh();
        var siloCpu = (silo.TotalProcessorTime - cpu.Silo) / elapsed;
        var clientCpu = (client.TotalProcessorTime - cpu.Client) / elapsed;
        var machineCpu = MachineCpu.BusyCores(cpu.Machine, MachineCpu.Read());
        return new LoadResult(latencies, errors.Value, elapsed, siloCpu, clientCpu, machineCpu, writes);
    }

    /// <summary>One GET, read to its end; its time is recorded if it succeeded, else it counts as an error.</summary>
    private static async Task GetAsync(HttpClient http, Uri uri, Latencies latencies, StrongBox<int> errors)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
            if (response.IsSuccessStatusCode)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A refused connection or a timeout: an error like a non-2xx answer, counted below.
        }

        Interlocked.Increment(ref errors.Value);
    }

    private static void Print(FormattableString line) => MemoryMeasurement.Print(line);
}
