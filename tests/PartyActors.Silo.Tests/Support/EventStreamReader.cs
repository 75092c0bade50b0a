using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace PartyActors.Silo.Tests;

/// <summary>One server-sent event frame, or a comment line.</summary>
public sealed record SseFrame(string? Event, string? Id, string? Data, string? Comment)
{
    public JsonObject Json => JsonNode.Parse(Data!)!.AsObject();

    public long Version => Json["version"]!.GetValue<long>();

    public long Metric(string name) => Json["metrics"]![name]!.GetValue<long>();
}

/// <summary>A roll-up stream opened over real HTTP, read frame by frame.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and checks it is one (200, text/event-stream).</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string orgId, string token, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orgs/{orgId}/rollup/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"stream of {orgId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>The next frame (an event, or a comment line), or null when the stream ended.</summary>
    public async Task<SseFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        string? name = null, id = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (name is not null || data is not null)
                {
                    return new SseFrame(name, id, data, null);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return new SseFrame(null, null, null, line[1..].Trim());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }
    }

    /// <summary>The next <c>rollup</c> event, skipping comments; fails after <paramref name="timeout"/>.</summary>
    public async Task<SseFrame> ReadEventAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var frame = await ReadFrameAsync(cancel.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (frame.Comment is null)
            {
                Assert.Equal("rollup", frame.Event);
                return frame;
            }
        }
    }

    /// <summary>Reads events until one satisfies <paramref name="condition"/>; returns it and how many were read.</summary>
    public async Task<(SseFrame Frame, int Events)> ReadUntilAsync(Func<SseFrame, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var count = 0;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, "Timed out waiting for a roll-up event.");
            var frame = await ReadEventAsync(left);
            count++;
            if (condition(frame))
            {
                return (frame, count);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
