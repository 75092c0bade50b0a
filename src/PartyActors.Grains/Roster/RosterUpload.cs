using System.Collections.Immutable;

namespace PartyActors.Grains;

/// <summary>What a caller pushes: under which idempotency key, who it is, and how the body is written.</summary>
public sealed record RosterUploadRequest(string IdempotencyKey, RosterCaller Caller, RosterFormat Format, RosterCharset Charset);

/// <summary>The batch an upload landed in; <see cref="Repeated"/> when an earlier request with the same key had been accepted.</summary>
public sealed record RosterUploadResult(string BatchId, bool Repeated);

/// <summary>
/// Streams a roster body into its batch: reads and frames the lines as they arrive, appends them to
/// the batch's log a chunk at a time (the next chunk is read while the last is being made durable),
/// then seals the batch. When this returns, every line is durable and the batch is applying them;
/// the body was never held in memory as a whole.
/// </summary>
public static class RosterUpload
{
    public static async Task<RosterUploadResult> UploadAsync(
        IGrainFactory grains, RosterUploadRequest request, Stream body, RosterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);

        var batchId = RosterIds.ForBatch(request.Caller.Subject, request.IdempotencyKey);
        var batch = grains.GetGrain<IRosterBatchGrain>(batchId);
        var ticket = await batch.Open(new RosterBatchInfo(request.IdempotencyKey, request.Caller, request.Format));
        if (ticket.AlreadyAccepted)
        {
            return new RosterUploadResult(batchId, Repeated: true);
        }

        var chunk = ImmutableArray.CreateBuilder<RosterLine>(options.AppendChunkLines);
        var total = 0;
        Task appending = Task.CompletedTask;
        await foreach (var line in ReadLinesAsync(body, request.Format, request.Charset, options, cancellationToken))
        {
            chunk.Add(line);
            total++;
            if (chunk.Count == options.AppendChunkLines)
            {
                await appending;
                appending = batch.AppendLines(ticket.Upload, chunk.DrainToImmutable());
            }
        }

        await appending;
        if (chunk.Count > 0)
        {
            await batch.AppendLines(ticket.Upload, chunk.DrainToImmutable());
        }

        await batch.Seal(ticket.Upload, total);
        return new RosterUploadResult(batchId, Repeated: false);
    }

    /// <summary>The lines of a body in either format, blank lines left out.</summary>
    internal static async IAsyncEnumerable<RosterLine> ReadLinesAsync(
        Stream body, RosterFormat format, RosterCharset charset, RosterOptions options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (format == RosterFormat.Ndjson)
        {
            await foreach (var line in RosterNdjson.ReadAsync(body, options.MaxLineBytes, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            yield break;
        }

        using var text = new StreamReader(body, charset.Encoding(), detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        await foreach (var line in RosterCsv.ReadAsync(text, options.MaxLineBytes, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }
}
