using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PartyActors.Client.Tests;

public sealed class RosterSubmitTests
{
    [Fact]
    public async Task The_body_is_streamed_as_it_is_read_not_buffered_first()
    {
        var firstPart = Lines(1, 1500);
        var secondPart = Lines(1501, 1600);
        var firstPartArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        byte[]? received = null;
        string? contentType = null;
        string? idempotencyKey = null;
        string? authorization = null;
        long? contentLength = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/roster/batches", async context =>
        {
            contentType = context.Request.ContentType;
            idempotencyKey = context.Request.Headers["Idempotency-Key"];
            authorization = context.Request.Headers.Authorization;
            contentLength = context.Request.ContentLength;
            using var body = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length >= firstPart.Length)
                {
                    firstPartArrived.TrySetResult();
                }
            }

            received = body.ToArray();
            await FakeSilo.WriteJsonAsync(context, StatusCodes.Status202Accepted, """{"id":"b-1"}""");
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { AccessToken = "jwt-integration" });

        // The second part is only handed over once the server holds the first: a client that
        // read the whole stream before sending would wait here until the timeout.
        var content = new GatedStream(firstPart, firstPartArrived.Task, secondPart);
        var reports = new List<long>();
        var accepted = await client.SubmitRosterAsync(content, RosterFormat.Ndjson, "key-1", new Recorder<long>(reports));

        Assert.Equal("b-1", accepted.Id);
        Assert.Equal([.. firstPart, .. secondPart], received!);
        Assert.Equal("application/x-ndjson", contentType);
        Assert.Equal("key-1", idempotencyKey);
        Assert.Equal("Bearer jwt-integration", authorization);
        Assert.Null(contentLength);
        Assert.True(reports.Count >= 2);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(firstPart.Length + secondPart.Length, reports[^1]);
    }

    [Fact]
    public async Task A_GB18030_csv_goes_as_its_own_bytes_with_the_charset_and_a_length()
    {
        // 城关,党员 in GB18030: the client must not transcode the file.
        byte[] gb18030 = [.. "id,name\r\nm-1,"u8, 0xB3, 0xC7, 0xB9, 0xD8, (byte)',', 0xB5, 0xB3, 0xD4, 0xB1, .. "\r\n"u8];
        var recorded = new List<Recorded>();
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/roster/batches", context => RecordAsync(context, recorded, StatusCodes.Status202Accepted)));
        var client = silo.CreateClient();

        await client.SubmitRosterAsync(new MemoryStream(gb18030), RosterFormat.CsvGb18030, "key-gb");

        var request = Assert.Single(recorded);
        Assert.Equal("text/csv; charset=gb18030", request.ContentType);
        Assert.Equal(gb18030.Length, request.ContentLength);
        Assert.Equal(gb18030, request.Body);
        Assert.Equal("key-gb", request.IdempotencyKey);
    }

    [Fact]
    public async Task A_utf8_csv_is_sent_as_text_csv()
    {
        var recorded = new List<Recorded>();
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/roster/batches", context => RecordAsync(context, recorded, StatusCodes.Status202Accepted)));
        var client = silo.CreateClient();

        await client.SubmitRosterAsync(new MemoryStream("op,id\nremove-member,m-9\n"u8.ToArray()), RosterFormat.Csv, "key-csv");

        Assert.Equal("text/csv", Assert.Single(recorded).ContentType);
    }

    [Fact]
    public async Task A_rewindable_stream_is_sent_again_whole_after_a_503_from_where_it_started()
    {
        var bytes = Lines(1, 50);
        var recorded = new List<Recorded>();
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/roster/batches", context =>
        {
            if (recorded.Count == 0)
            {
                context.Response.Headers.RetryAfter = "3";
                return RecordAsync(context, recorded, StatusCodes.Status503ServiceUnavailable);
            }

            return RecordAsync(context, recorded, StatusCodes.Status202Accepted);
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock });
        var content = new MemoryStream([.. "skip"u8, .. bytes]) { Position = 4 };

        var accepted = await client.SubmitRosterAsync(content, RosterFormat.Ndjson, "key-retry");

        Assert.Equal("b-2", accepted.Id);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, request => Assert.Equal(bytes, request.Body));
        Assert.All(recorded, request => Assert.Equal("key-retry", request.IdempotencyKey));
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.Waits);
        Assert.True(content.CanRead, "the caller's stream stays open");
    }

    [Fact]
    public async Task A_stream_that_cannot_rewind_is_not_retried()
    {
        var recorded = new List<Recorded>();
        await using var silo = await FakeSilo.StartAsync(app => app.MapPost("/api/v1/roster/batches", context =>
        {
            context.Response.Headers.RetryAfter = "1";
            return RecordAsync(context, recorded, StatusCodes.Status503ServiceUnavailable);
        }));
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = new InstantTimeProvider() });

        var error = await Assert.ThrowsAsync<PartyActorsApiException>(() =>
            client.SubmitRosterAsync(ChunkedReadStream.Split(Lines(1, 3), 10), RosterFormat.Ndjson, "key-once"));

        Assert.Single(recorded);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task Waiting_polls_until_completed_and_reports_each_answer()
    {
        var polls = 0;
        await using var silo = await FakeSilo.StartAsync(app => app.MapGet("/api/v1/roster/batches/{id}", context =>
        {
            var json = Interlocked.Increment(ref polls) switch
            {
                1 => """{"id":"b-1","status":"queued","total":0,"applied":0,"rejected":0,"errors":[]}""",
                2 => """{"id":"b-1","status":"running","total":3,"applied":1,"rejected":0}""",
                _ => """{"id":"b-1","status":"completed","total":3,"applied":2,"rejected":1,"errors":[{"line":2,"code":"unknown-org","message":"组织 x 不存在"}]}""",
            };
            return FakeSilo.WriteJsonAsync(context, 200, json);
        }));
        var clock = new InstantTimeProvider();
        var client = silo.CreateClient(new PartyActorsClientOptions { TimeProvider = clock });
        var seen = new List<RosterBatch>();

        var batch = await client.WaitForRosterBatchAsync("b-1", new Recorder<RosterBatch>(seen), TimeSpan.FromMilliseconds(250));

        Assert.Equal([RosterBatchStatuses.Queued, RosterBatchStatuses.Running, RosterBatchStatuses.Completed], seen.Select(b => b.Status));
        Assert.Empty(seen[1].Errors);
        Assert.True(batch.IsCompleted);
        Assert.Equal(new RosterLineError(2, "unknown-org", "组织 x 不存在"), Assert.Single(batch.Errors));
        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250)], clock.Waits);
    }

    private static byte[] Lines(int from, int to) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(from, to - from + 1).Select(i =>
            $$"""{"op":"upsert-member","id":"m-{{i:D6}}","name":"党员{{i}}","status":"full","category":"in-service","orgId":"410103-002-01"}""" + "\n")));

    private static async Task RecordAsync(HttpContext context, List<Recorded> recorded, int status)
    {
        var body = await FakeSilo.ReadBodyAsync(context);
        lock (recorded)
        {
            recorded.Add(new Recorded(context.Request.ContentType, context.Request.ContentLength, context.Request.Headers["Idempotency-Key"], body));
        }

        await FakeSilo.WriteJsonAsync(
            context,
            status,
            status == StatusCodes.Status202Accepted ? $$"""{"id":"b-{{recorded.Count}}"}""" : """{"title":"Storage unavailable","status":503}""",
            status == StatusCodes.Status202Accepted ? "application/json" : "application/problem+json");
    }

    private sealed record Recorded(string? ContentType, long? ContentLength, string? IdempotencyKey, byte[] Body);

    /// <summary>Records reports on the reporting thread, in order.</summary>
    private sealed class Recorder<T>(List<T> reports) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    /// <summary>Hands over its first part, then its second only once <paramref name="gate"/> completes.</summary>
    private sealed class GatedStream(byte[] first, Task gate, byte[] second) : Stream
    {
        private readonly ChunkedReadStream firstPart = new([first]);
        private readonly ChunkedReadStream secondPart = new([second]);
        private bool firstDone;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!firstDone)
            {
                var read = await firstPart.ReadAsync(buffer, cancellationToken);
                if (read > 0)
                {
                    return read;
                }

                firstDone = true;
            }

            await gate.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return await secondPart.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
