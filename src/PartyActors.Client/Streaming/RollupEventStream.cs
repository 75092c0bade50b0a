using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PartyActors.Client;

/// <summary>
/// Reads <c>rollup</c> events from a <c>text/event-stream</c> body as they arrive. The framing
/// (fields, <c>data:</c> split over several lines, CR/LF/CRLF, comments, <c>id:</c>, <c>retry:</c>,
/// a leading BOM, lines and UTF-8 characters split across reads) is the framework's SSE parser's;
/// this class only picks the event type and turns the data into a <see cref="Rollup"/>.
/// </summary>
internal static class RollupEventStream
{
    public const string EventType = "rollup";

    public static async IAsyncEnumerable<RollupEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = SseParser.Create(body, static (eventType, data) => eventType == EventType ? Parse(data) : null);
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            // Other event types are for other clients (or later versions): skipping them is the SSE way.
            if (item.Data is { } rollupEvent)
            {
                // The last id seen so far, as an EventSource reports it: what a reconnection would resume from.
                yield return rollupEvent with { EventId = parser.LastEventId.Length > 0 ? parser.LastEventId : null };
            }
        }
    }

    private static RollupEvent Parse(ReadOnlySpan<byte> data)
    {
        var rollup = JsonSerializer.Deserialize(data, ClientJsonContext.Default.Rollup)
            ?? throw new JsonException("A rollup event carried null instead of a roll-up.");
        return new RollupEvent(rollup, Encoding.UTF8.GetString(data), EventId: null);
    }
}
