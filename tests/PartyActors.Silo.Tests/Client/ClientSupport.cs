using System.Net;
using PartyActors.Client;

namespace PartyActors.Silo.Tests.Client;

/// <summary>The shipped client over the test silo's HttpClient, and what its failures carry.</summary>
internal static class ClientSupport
{
    /// <summary>A client of the real app, calling with a dev token of these claims.</summary>
    public static async Task<PartyActorsClient> ClientAsync(this ApiClient api, string sub, string[] roles, string? org = null, string? member = null) =>
        new(api.Http, new PartyActorsClientOptions { AccessToken = await api.TokenAsync(sub, roles, org, member), MaxRetries = 0 });

    /// <summary>Asserts the call fails with <paramref name="status"/> and problem details with <paramref name="code"/>; returns the exception.</summary>
    public static async Task<PartyActorsApiException> RefusedAsync(HttpStatusCode status, string code, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<PartyActorsApiException>(call);
        Assert.True(status == refused.StatusCode, $"Expected {(int)status}, got {refused.Message}");
        Assert.True(refused.Problem?.Extensions.TryGetValue("code", out var actual) == true && actual.GetString() == code, $"Expected code '{code}': {refused.Message}");
        return refused;
    }
}
