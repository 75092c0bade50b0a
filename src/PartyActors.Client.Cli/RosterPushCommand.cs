using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors roster push</c>: uploads a roster file as a batch and waits for it to be applied.</summary>
internal static class RosterPushCommand
{
    private const string Ndjson = "ndjson";
    private const string Csv = "csv";
    private const string Utf8 = "utf-8";
    private const string Gb18030 = "gb18030";

    public static Command Create(CliSettings settings, Connection connection)
    {
        var file = new Argument<FileInfo>("file") { Description = "The roster file: NDJSON (.ndjson, .jsonl) or CSV (.csv), one operation a line" };
        file.AcceptExistingOnly();
        var format = new Option<string?>("--format") { Description = "The file's format [default: from its extension]" };
        format.AcceptOnlyFromAmong(Ndjson, Csv);
        var encoding = new Option<string>("--encoding")
        {
            Description = "The CSV file's encoding; NDJSON is always UTF-8",
            DefaultValueFactory = _ => Utf8,
        };
        encoding.AcceptOnlyFromAmong(Utf8, Gb18030);
        var idempotencyKey = new Option<string?>("--idempotency-key")
        {
            Description = "Makes a repeated push return the first batch [default: the SHA-256 of the file, so pushing the same file again is safe]",
        };

        var push = new ApiCommand("push", "Upload a roster file as a batch, wait until it is applied, and list the rejected lines", "POST /api/v1/roster/batches", "GET /api/v1/roster/batches/{batchId}")
        {
            file,
            format,
            encoding,
            idempotencyKey,
        };
        push.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            var path = parseResult.GetValue(file)!;
            var rosterFormat = FormatOf(path, parseResult.GetValue(format), parseResult.GetValue(encoding)!);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var client = connection.CreateClient(parseResult, http);
            return await PushAsync(settings, client, path, rosterFormat, parseResult.GetValue(idempotencyKey), cancellationToken).ConfigureAwait(false);
        }));

        var batchId = new Argument<string>("batchId") { Description = "The batch, as push printed it" };
        var status = new ApiCommand("status", "Print a batch's status and counts, and the lines rejected so far", "GET /api/v1/roster/batches/{batchId}") { batchId };
        status.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var batch = await client.GetRosterBatchAsync(parseResult.GetValue(batchId)!, cancellationToken).ConfigureAwait(false);
            await WriteSummaryAsync(settings.Out, batch).ConfigureAwait(false);
        });

        return new Command("roster", "Roster batches: bulk changes to organizations and members") { push, status };
    }

    private static async Task<int> PushAsync(CliSettings settings, PartyActorsClient client, FileInfo path, RosterFormat format, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var file = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            if (idempotencyKey is null)
            {
                idempotencyKey = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
                file.Position = 0;
            }

            var total = file.Length;
            var upload = new StatusLine(settings.Error, settings.InteractiveProgress);
            var uploadStep = -1;
            var uploadProgress = new SynchronousProgress<long>(sent =>
            {
                var percent = total == 0 ? 100 : sent * 100 / total;
                if (Step(settings, percent) != uploadStep)
                {
                    uploadStep = Step(settings, percent);
                    upload.Show($"upload: {sent}/{total} bytes ({percent}%)");
                }
            });
            RosterBatchAccepted accepted;
            try
            {
                accepted = await client.SubmitRosterAsync(file, format, idempotencyKey, uploadProgress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                upload.Complete();
            }

            await settings.Error.WriteLineAsync($"batch {accepted.Id} accepted (idempotency key {idempotencyKey})").ConfigureAwait(false);

            var apply = new StatusLine(settings.Error, settings.InteractiveProgress);
            var applyStep = (Status: "", Step: -1);
            var applyProgress = new SynchronousProgress<RosterBatch>(batch =>
            {
                var step = (batch.Status, Step(settings, batch.Total == 0 ? 0 : (batch.Applied + batch.Rejected) * 100 / batch.Total));
                if (step != applyStep)
                {
                    applyStep = step;
                    apply.Show($"batch {batch.Id}: {batch.Status}, applied {batch.Applied}/{batch.Total}, rejected {batch.Rejected}");
                }
            });
            RosterBatch result;
            try
            {
                result = await client.WaitForRosterBatchAsync(accepted.Id, applyProgress, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                apply.Complete();
                throw new CliException(
                    $"stopped watching; batch {accepted.Id} goes on being applied on the server. " +
                    "Push the same file again to follow it: the same idempotency key returns the same batch.");
            }
            finally
            {
                apply.Complete();
            }

            await WriteSummaryAsync(settings.Out, result).ConfigureAwait(false);
            var allApplied = result.Rejected == 0 && result.Errors.Count == 0 && result.Applied == result.Total;
            return allApplied ? ExitCodes.Success : ExitCodes.LinesRejected;
        }
    }

    /// <summary>
    /// Which step of progress a percentage is: every percent on a terminal, every ten percent in a
    /// log, so that a large file's upload writes a dozen lines there rather than one per read.
    /// </summary>
    private static int Step(CliSettings settings, long percent) => (int)(settings.InteractiveProgress ? percent : percent / 10);

    private static async Task WriteSummaryAsync(TextWriter output, RosterBatch batch)
    {
        await output.WriteLineAsync($"batch {batch.Id}: {batch.Status}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"total     {batch.Total}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"applied   {batch.Applied}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rejected  {batch.Rejected}")).ConfigureAwait(false);
        foreach (var error in batch.Errors)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"line {error.Line}: {error.Code}: {error.Message}")).ConfigureAwait(false);
        }
    }

    private static RosterFormat FormatOf(FileInfo file, string? format, string encoding)
    {
        format ??= file.Extension.ToUpperInvariant() switch
        {
            ".NDJSON" or ".JSONL" => Ndjson,
            ".CSV" => Csv,
            _ => throw new CliException($"cannot tell the format of '{file.Name}' from its extension; give --format {Ndjson} or --format {Csv}."),
        };

        return (format, encoding) switch
        {
            (Ndjson, Utf8) => RosterFormat.Ndjson,
            (Ndjson, _) => throw new CliException("NDJSON is always UTF-8; convert the file, or send it as CSV with --encoding gb18030."),
            (_, Gb18030) => RosterFormat.CsvGb18030,
            _ => RosterFormat.Csv,
        };
    }
}
