using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors members status|history</c>: a member's status along the pipeline (a move, or an
/// admin's correction) and its history (docs/member-status.md).
/// </summary>
internal static class MemberStatusCommand
{
    public static ApiCommand Status(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member" };
        var status = new Argument<string>("status") { Description = "The status: applicant, activist, candidate, probationary, full, transferred or left" };
        var reason = new Option<string?>("--reason") { Description = "Why (required with --correction)" };
        var effectiveOn = new Option<string?>("--effective-on") { Description = "When the move took effect, yyyy-MM-dd [default: today]" };
        var correction = new Option<bool>("--correction") { Description = "An admin's correction: any status, past the pipeline and the points gate" };
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var command = new ApiCommand("status", "Move a member's status one step along the pipeline (applicant → activist → candidate → probationary → full; transferred, left), or correct it as an admin",
            "POST /api/v1/members/{memberId}/status")
        {
            memberId, status, reason, effectiveOn, correction, json,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            DateOnly? effective = null;
            if (parseResult.GetValue(effectiveOn) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    await settings.Error.WriteLineAsync("--effective-on must be a date written yyyy-MM-dd.").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                effective = day;
            }

            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var move = new MemberStatusMove(parseResult.GetValue(status)!, parseResult.GetValue(reason), effective, parseResult.GetValue(correction));
            var moved = await client.MoveMemberStatusAsync(parseResult.GetValue(memberId)!, move, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await settings.Out.WriteLineAsync(JsonSerializer.Serialize(moved, MembersJsonContext.Default.MemberStatusMoved)).ConfigureAwait(false);
            }
            else if (moved.Entry is null)
            {
                await settings.Out.WriteLineAsync($"{moved.MemberId}: already {moved.To}, nothing changed").ConfigureAwait(false);
            }
            else
            {
                await settings.Out.WriteLineAsync($"{moved.MemberId}: {moved.From} → {moved.To}{(moved.Entry.Correction ? " (correction)" : string.Empty)}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static ApiCommand History(CliSettings settings, Connection connection)
    {
        var memberId = new Argument<string>("memberId") { Description = "The member" };
        var json = new Option<bool>("--json") { Description = "Print each page as the server's JSON" };
        var command = new ApiCommand("history", "Print a member's history, oldest first, one entry a line: id, at, kind, change, by, reason (tab-separated)",
            "GET /api/v1/members/{memberId}/history")
        {
            memberId, json,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            string? after = null;
            do
            {
                var page = await client.GetMemberHistoryAsync(parseResult.GetValue(memberId)!, after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(json))
                {
                    await settings.Out.WriteLineAsync(JsonSerializer.Serialize(page, MembersJsonContext.Default.MemberHistoryPage)).ConfigureAwait(false);
                }
                else
                {
                    foreach (var entry in page.Items)
                    {
                        await settings.Out.WriteLineAsync(Line(entry)).ConfigureAwait(false);
                    }
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Line(MemberHistoryEntry entry)
    {
        var change = entry.Kind switch
        {
            "created" => $"{entry.To} in {entry.ToOrgId}",
            "transfer" => $"{entry.FromOrgId} → {entry.ToOrgId}",
            _ => $"{entry.From} → {entry.To}",
        };
        var by = entry.BatchId is null ? entry.By : $"{entry.By} (batch {entry.BatchId})";
        var reason = (entry.Correction ? "correction: " : string.Empty) + (entry.Reason ?? string.Empty);
        var effective = entry.EffectiveOn is { } day ? $" effective {day:yyyy-MM-dd}" : string.Empty;
        return $"{entry.Id}\t{entry.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}{effective}\t{entry.Kind}\t{change}\t{by}\t{reason}";
    }
}

/// <summary>The JSON the <c>members</c> commands print with <c>--json</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MemberStatusMoved))]
[JsonSerializable(typeof(MemberHistoryPage))]
internal sealed partial class MembersJsonContext : JsonSerializerContext;
