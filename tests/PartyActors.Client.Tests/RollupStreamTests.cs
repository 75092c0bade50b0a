using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PartyActors.Client.Tests;

public sealed class RollupStreamTests
{
    private const string FirstData =
        "{\"orgId\":\"410103-002\",\"asOf\":\"2026-11-22T10:00:00+08:00\",\"version\":41,\n" +
        "\"name\":\"城关街道党工委\",\"metrics\":{\"orgs\":12,\"members\":345,\"newMetric\":7}}";

    // Every framing the SSE format allows: CRLF, CR and LF line ends, comments before, between and
    // inside events, retry and id fields, data over two lines, data without a space after the
    // colon, events of other types, and an event cut off by the end of the stream.
    private const string Tricky =
        ": connected\r\n" +
        "retry: 5000\r\n" +
        "\r\n" +
        "event: rollup\r\n" +
        "id: 41\r\n" +
        "data: {\"orgId\":\"410103-002\",\"asOf\":\"2026-11-22T10:00:00+08:00\",\"version\":41,\r\n" +
        ": 注释 inside an event does not end it\r\n" +
        "data: \"name\":\"城关街道党工委\",\"metrics\":{\"orgs\":12,\"members\":345,\"newMetric\":7}}\r\n" +
        "\r\n" +
        "event: ping\n" +
        "data: {}\n" +
        "\n" +
        "data: {\"orgId\":\"an unnamed event is a message, not a rollup\"}\n" +
        "\n" +
        ": keep-alive\n" +
        "\n" +
        "event: rollup\r" +
        "data:{\"orgId\":\"410103-002\",\"asOf\":\"2026-11-22T10:00:01+08:00\",\"version\":42,\"metrics\":{\"members\":346}}\r" +
        "\r" +
        "event: rollup\n" +
        "data: {\"orgId\":\"cut off\",\"asOf\":\"2026-11-22T10:00:02+08:00\",\"version\":43,\"metrics\":{}}\n";

    private static readonly byte[] TrickyBytes = Encoding.UTF8.GetBytes(Tricky);

    [Fact]
    public async Task Rollup_events_are_read_from_every_framing_and_others_are_skipped()
    {
        var events = await ReadAllAsync(new MemoryStream(TrickyBytes));

        AssertTrickyEvents(events);
    }

    [Fact]
    public async Task A_stream_arriving_byte_by_byte_reads_the_same()
    {
        var events = await ReadAllAsync(ChunkedReadStream.BytewiseOf(TrickyBytes));

        AssertTrickyEvents(events);
    }

    [Fact]
    public async Task A_boundary_anywhere_in_a_line_a_CRLF_or_a_Chinese_character_reads_the_same()
    {
        // Includes every cut inside the three-byte UTF-8 sequences of 城关街道党工委 and 注释,
        // and every cut between a CR and its LF.
        for (var cut = 1; cut < TrickyBytes.Length; cut++)
        {
            var events = await ReadAllAsync(ChunkedReadStream.Split(TrickyBytes, cut));

            AssertTrickyEvents(events);
        }
    }

    [Fact]
    public async Task A_leading_byte_order_mark_is_not_part_of_the_first_line()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("event: rollup\ndata: " + OneLine(FirstData) + "\n\n")).ToArray();

        var events = await ReadAllAsync(ChunkedReadStream.Split(bytes, 1, 2, 3));

        Assert.Equal(41, Assert.Single(events).Rollup.Version);
    }

    [Fact]
    public async Task The_client_yields_each_event_as_it_arrives_and_sends_the_token()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? authorization = null;
        string? accept = null;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup/stream", async context =>
        {
            authorization = context.Request.Headers.Authorization;
            accept = context.Request.Headers.Accept;
            context.Response.ContentType = "text/event-stream";
            await WriteAsync(context, Encoding.UTF8.GetBytes(": keep-alive\n\nevent: rollup\ndata: " + OneLine(FirstData) + "\n\n"));

            // The second event waits for the client to have handed out the first: a client that
            // read to the end of the stream before yielding would never get here.
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var second = Encoding.UTF8.GetBytes(
                "event: rollup\ndata: {\"orgId\":\"410103-002\",\"asOf\":\"2026-11-22T10:00:01+08:00\",\"version\":42,\"name\":\"城关\",\"metrics\":{\"members\":346}}\n\n");
            var insideCharacter = Array.IndexOf(second, (byte)0xE5) + 1;
            await WriteAsync(context, second[..insideCharacter]);
            await Task.Delay(50);
            await WriteAsync(context, second[insideCharacter..]);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { AccessToken = "jwt-1" });

        var received = new List<RollupEvent>();
        await foreach (var rollupEvent in client.WatchRollupEventsAsync("410103-002").WithTimeout(TimeSpan.FromSeconds(20)))
        {
            received.Add(rollupEvent);
            firstSeen.TrySetResult();
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([41L, 42L], received.Select(e => e.Rollup.Version));
        Assert.Contains("\"name\":\"城关\"", received[1].Data, StringComparison.Ordinal);
        Assert.Equal("Bearer jwt-1", authorization);
        Assert.Equal("text/event-stream", accept);
    }

    [Fact]
    public async Task WatchRollupAsync_yields_the_rollups()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup/stream", context =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            return WriteAsync(context, TrickyBytes);
        }));
        var client = silo.CreateClient();

        var rollups = new List<Rollup>();
        await foreach (var rollup in client.WatchRollupAsync("410103-002"))
        {
            rollups.Add(rollup);
        }

        Assert.Equal([41L, 42L], rollups.Select(r => r.Version));
        Assert.Equal(7, rollups[0].Metric("newMetric"));
        Assert.Equal(0, rollups[1].Metric(RollupMetrics.Orgs));
    }

    [Fact]
    public async Task An_answer_that_is_not_an_event_stream_is_refused()
    {
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/orgs/{orgId}/rollup/stream", context =>
            FakeSilo.WriteJsonAsync(context, 200, OneLine(FirstData))));
        var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var rollup in client.WatchRollupAsync("410103-002"))
            {
            }
        });
        Assert.Contains("application/json", error.Message, StringComparison.Ordinal);
    }

    private static void AssertTrickyEvents(List<RollupEvent> events)
    {
        Assert.Equal(2, events.Count);

        var first = events[0];
        Assert.Equal("410103-002", first.Rollup.OrgId);
        Assert.Equal(41, first.Rollup.Version);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), first.Rollup.AsOf);
        Assert.Equal(12, first.Rollup.Metrics[RollupMetrics.Orgs]);
        Assert.Equal(345, first.Rollup.Metrics[RollupMetrics.Members]);
        Assert.Equal(7, first.Rollup.Metrics["newMetric"]);
        Assert.Equal(FirstData, first.Data);
        Assert.Equal("41", first.EventId);

        var second = events[1];
        Assert.Equal(42, second.Rollup.Version);
        Assert.Equal(346, second.Rollup.Metrics[RollupMetrics.Members]);

        // The last event id stays until the server sends another one.
        Assert.Equal("41", second.EventId);
    }

    private static async Task<List<RollupEvent>> ReadAllAsync(Stream stream)
    {
        var events = new List<RollupEvent>();
        await foreach (var rollupEvent in RollupEventStream.ReadAsync(stream, CancellationToken.None))
        {
            events.Add(rollupEvent);
        }

        return events;
    }

    private static string OneLine(string json) => json.Replace("\n", "", StringComparison.Ordinal);

    private static async Task WriteAsync(HttpContext context, byte[] bytes)
    {
        await context.Response.Body.WriteAsync(bytes);
        await context.Response.Body.FlushAsync();
    }
}
