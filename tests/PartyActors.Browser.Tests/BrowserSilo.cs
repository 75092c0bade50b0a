using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PartyActors.Browser;

/// <summary>
/// The real silo process (<c>dotnet PartyActors.Silo.dll</c>, as built: the pages embedded) with the
/// in-memory store, dev tokens on, no demo district and no rate limit, on free loopback ports; and an
/// admin's HTTP client of its API to seed and change things as the browser watches.
/// </summary>
internal sealed class BrowserSilo : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private ChildProcess _process;

    private BrowserSilo(ChildProcess process, Uri baseAddress, Dictionary<string, string> settings)
    {
        _process = process;
        _settings = settings;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Transcript => _process.Transcript;

    /// <param name="readyTimeout">How long the silo may take to answer /health/ready.</param>
    /// <param name="overrides">Settings over the defaults above (e.g. SQLite storage in a folder and a fixed signing key, so that <see cref="RestartAsync"/> keeps data and tokens).</param>
    public static async Task<BrowserSilo> StartAsync(TimeSpan readyTimeout, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var url = baseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = url,
            ["URLS"] = url,
            ["Storage__Provider"] = "Memory",
            ["Demo__Seed"] = "false",
            ["Auth__DevTokens"] = "true",
            ["Limits__RateLimit__PermitLimit"] = "0",
            ["Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = ChildProcess.StartDotnet("silo", BuiltAssemblies.Silo, [], settings);
        var silo = new BrowserSilo(process, baseAddress, settings);
        try
        {
            await silo.WaitUntilReadyAsync(readyTimeout);
            var admin = await silo.TokenAsync(new JsonObject { ["sub"] = "browser-tests", ["roles"] = new JsonArray("admin") });
            silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Kills the silo process (SIGKILL, as a crash) and starts it again with the same settings and
    /// ports; returns when it answers /health/ready. With the in-memory store everything is gone.
    /// </summary>
    public async Task RestartAsync(TimeSpan readyTimeout)
    {
        await _process.DisposeAsync();
        _process = ChildProcess.StartDotnet("silo", BuiltAssemblies.Silo, [], _settings);
        await WaitUntilReadyAsync(readyTimeout);
    }

    /// <summary>A dev token with the claims given.</summary>
    public async Task<string> TokenAsync(JsonObject request)
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/v1/auth/dev-token", UriKind.Relative), request);
        return (await ReadAsync(response))["token"]!.GetValue<string>();
    }

    public Task<JsonNode> PutAsync(string path, JsonObject body) => SendAsync(HttpMethod.Put, path, body);

    public Task<JsonNode> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body);

    public Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<JsonNode> PlaceAsync(string id, string name, string kind, string? parentId) =>
        PutAsync($"/api/v1/orgs/{id}", new JsonObject { ["name"] = name, ["kind"] = kind, ["parentId"] = parentId });

    public Task<JsonNode> EnrollAsync(string id, string name, string orgId, string category = "in-service", string? residenceGridId = null) =>
        PutAsync($"/api/v1/members/{id}", new JsonObject
        {
            ["name"] = name, ["status"] = "full", ["category"] = category, ["orgId"] = orgId, ["residenceGridId"] = residenceGridId,
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        return await ReadAsync(response);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        }

        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready. Its output:\n{_process.Transcript}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo was not ready within {timeout.TotalSeconds:F0} s (last: {last}). Its output:\n{_process.Transcript}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
