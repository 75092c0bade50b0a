using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace PartyActors.Silo;

/// <summary>
/// <c>HEAD</c> on every <c>GET</c> route (RFC 9110, 9.3.2): the request is routed and answered as the
/// <c>GET</c> it stands for — same checks, status and headers — and the body is discarded. A stream
/// (<c>text/event-stream</c>) ends as soon as its headers are sent: a <c>HEAD</c> has nothing to wait for.
/// </summary>
internal sealed class HeadRequestsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var lifetime = context.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>();
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var headersSent = CancellationTokenSource.CreateLinkedTokenSource(lifetime.RequestAborted);
        var discarding = new DiscardingBody(body, context.Response, headersSent);
        context.Features.Set<IHttpResponseBodyFeature>(discarding);
        context.Features.Set<IHttpRequestLifetimeFeature>(new HeadLifetime(lifetime, headersSent.Token));
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (headersSent.IsCancellationRequested)
        {
            // The stream was cut short on purpose once its headers were out.
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(body);
            context.Features.Set(lifetime);
        }
    }

    private sealed class HeadLifetime(IHttpRequestLifetimeFeature inner, CancellationToken aborted) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get => aborted; set => inner.RequestAborted = value; }

        public void Abort() => inner.Abort();
    }

    /// <summary>Throws every byte away; a streamed answer sends its headers and ends the request's work.</summary>
    private sealed class DiscardingBody(IHttpResponseBodyFeature inner, HttpResponse response, CancellationTokenSource headersSent) : IHttpResponseBodyFeature
    {
        private readonly PipeWriter _writer = PipeWriter.Create(new NotifyingNullStream(() => OnWrite(inner, response, headersSent)));

        public Stream Stream => _writer.AsStream();

        public PipeWriter Writer => _writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => OnWrite(inner, response, headersSent);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();

        private static async Task OnWrite(IHttpResponseBodyFeature inner, HttpResponse response, CancellationTokenSource headersSent)
        {
            if (response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true && !headersSent.IsCancellationRequested)
            {
                await inner.StartAsync();
                await headersSent.CancelAsync();
            }
        }
    }

    private sealed class NotifyingNullStream(Func<Task> onWrite) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => onWrite().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => onWrite();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => onWrite().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => await onWrite();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => onWrite();
    }
}
