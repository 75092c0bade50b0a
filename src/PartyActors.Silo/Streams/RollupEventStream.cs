using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using PartyActors.Grains;

namespace PartyActors.Silo.Streams;

/// <summary>
/// Writes a roll-up stream as server-sent events: <c>event: rollup</c>, <c>id: &lt;version&gt;</c>,
/// <c>data: &lt;Rollup JSON&gt;</c>. The current figures go out at once; then each update, never two
/// within <see cref="StreamOptions.CoalescingInterval"/> (the slot keeps the newest meanwhile, so the
/// last event sent is never stale); a comment line after <see cref="StreamOptions.KeepAliveInterval"/>
/// of silence. Ends when the client disconnects or the host stops.
/// </summary>
internal sealed class RollupEventStream(RollupSubscription subscription, RollupEvent current, StreamOptions options, TimeProvider time)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Rollup), [ContentType]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using var _ = subscription;
        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var cancellation = ended.Token;

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            var sentVersion = current.Version;
            await WriteAsync(response, current.Frame, cancellation);
            var sentAt = time.GetTimestamp();
            var updates = subscription.Updates;
            while (true)
            {
                var gap = options.CoalescingInterval - time.GetElapsedTime(sentAt);
                if (gap > TimeSpan.Zero)
                {
                    await Task.Delay(gap, time, cancellation);
                }

                using var quiet = new CancellationTokenSource(options.KeepAliveInterval, time);
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation, quiet.Token);
                bool more;
                try
                {
                    more = await updates.WaitToReadAsync(waiting.Token);
                }
                catch (OperationCanceledException) when (quiet.IsCancellationRequested && !cancellation.IsCancellationRequested)
                {
                    await WriteAsync(response, KeepAlive, cancellation);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                if (updates.TryRead(out var update) && update.Version > sentVersion)
                {
                    sentVersion = update.Version;
                    await WriteAsync(response, update.Frame, cancellation);
                    sentAt = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client left or the host is stopping: the stream simply ends.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] frame, CancellationToken cancellation)
    {
        await response.Body.WriteAsync(frame, cancellation);
        await response.Body.FlushAsync(cancellation);
    }
}
