using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>Sends API requests with or without a token and reads answers as JSON; mints dev tokens once per claim set.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public HttpClient Http { get; } = http;

    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>A dev token with these claims (minted through the API).</summary>
    public async Task<string> TokenAsync(string sub, string[] roles, string? org = null, string? member = null)
    {
        var key = string.Join('|', sub, string.Join(',', roles), org, member);
        if (_tokens.TryGetValue(key, out var token))
        {
            return token;
        }

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/auth/dev-token", null, new { sub, roles, org, member });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        _tokens[key] = token;
        return token;
    }

    public Task<string> AdminAsync() => TokenAsync("admin-1", ["admin"]);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<HttpResponseMessage> PutAsync(string path, string? token, object body) => SendAsync(HttpMethod.Put, path, token, body);

    public Task<HttpResponseMessage> PostAsync(string path, string? token, object? body = null) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? token) => SendAsync(HttpMethod.Delete, path, token);

    /// <summary>Creates or updates an organization as an admin and checks the answer.</summary>
    public async Task PlaceAsync(string id, string? parentId, string kind = "branch", string? name = null)
    {
        using var response = await PutAsync($"/api/v1/orgs/{id}", await AdminAsync(), new { name = name ?? "组织 " + id, kind, parentId });
        Assert.True(response.IsSuccessStatusCode, $"PUT org {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sets a member's profile as an admin and checks the answer.</summary>
    public async Task EnrollAsync(string id, string orgId, string status = "full", string category = "retired", string? residenceGridId = null,
        string? phone = null, string? idNumber = null)
    {
        using var response = await PutAsync($"/api/v1/members/{id}", await AdminAsync(),
            new { name = "党员 " + id, status, category, orgId, residenceGridId, phone, idNumber });
        Assert.True(response.IsSuccessStatusCode, $"PUT member {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject> GetJsonAsync(string path, string? token)
    {
        using var response = await GetAsync(path, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds on its JSON.</summary>
    public async Task<JsonObject> EventuallyAsync(string path, string token, Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var json = await GetJsonAsync(path, token);
            if (condition(json))
            {
                return json;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}; last answer: {json.ToJsonString()}");
            await Task.Delay(10);
        }
    }

    /// <summary>A body that is not what <see cref="JsonContent"/> would send: raw text with a content type.</summary>
    public static StringContent Raw(string text, string contentType = "application/json") => new(text, Encoding.UTF8, contentType);

    public void Dispose() => Http.Dispose();
}

/// <summary>Reads problem details answers.</summary>
public static class Problem
{
    /// <summary>Asserts the status, the problem+json content type and the RFC 9457 members; returns the body.</summary>
    public static async Task<JsonObject> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()), "type");
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()), "title");
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()), "detail");
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> names <paramref name="field"/>.</summary>
    public static async Task<JsonObject> AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"errors should name '{field}': {problem.ToJsonString()}");
        return problem;
    }
}
