using System.Collections.Concurrent;

namespace PartyActors.Silo.Tests.ClientCoverage;

/// <summary>Passes requests to the real server and remembers each one's method and path.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<(string Method, string Path)> _sent = new();

    public IReadOnlyList<(string Method, string Path)> Sent => [.. _sent];

    public void Clear() => _sent.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _sent.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath));
        return base.SendAsync(request, cancellationToken);
    }
}
