using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartyActors.Client.Tests;

/// <summary>
/// A real HTTP server on a free loopback port, imitating the few silo routes a test maps, so the
/// client is exercised over real sockets (chunked bodies, flushes, early answers) rather than
/// through a handler that sees whole messages.
/// </summary>
internal sealed class FakeSilo : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<HttpClient> clients = [];

    private FakeSilo(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<FakeSilo> StartAsync(Action<WebApplication> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync();
        return new FakeSilo(app, new Uri(app.Urls.Single()));
    }

    public PartyActorsClient CreateClient(PartyActorsClientOptions? options = null)
    {
        var http = new HttpClient();
        clients.Add(http);
        return new PartyActorsClient(http, (options ?? new PartyActorsClientOptions()) with { BaseAddress = BaseAddress });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static Task WriteJsonAsync(HttpContext context, int status, string json, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(json, Encoding.UTF8);
    }

    public static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }
}
