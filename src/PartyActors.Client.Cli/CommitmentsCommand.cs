using System.CommandLine;
using static PartyActors.Client.Cli.CommandOutput;

namespace PartyActors.Client.Cli;

/// <summary><c>partyactors commitments make|list|get|progress|complete|review</c>: commitments (承诺践诺), docs/commitments.md.</summary>
internal static class CommitmentsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("commitments", "Commitments (承诺践诺): make, list, report progress, complete, review")
        {
            Make(settings, connection),
            List(settings, connection),
            Get(settings, connection),
            Progress(settings, connection),
            Complete(settings, connection),
            Review(settings, connection),
        };

    private static Argument<string> CommitmentId() => new("commitmentId") { Description = "The commitment" };

    private static ApiCommand Make(CliSettings settings, Connection connection)
    {
        var member = new Option<string?>("--member") { Description = "The member who commits" };
        var org = new Option<string?>("--org") { Description = "The organization that commits" };
        var title = new Option<string>("--title") { Description = "What is promised, specific and measurable", Required = true };
        var target = new Option<decimal>("--target") { Description = "How much (> 0), in --unit", Required = true };
        var unit = new Option<string>("--unit") { Description = "What the target counts (次, 户, 小时, …)", Required = true };
        var dueOn = new Option<DateOnly>("--due-on") { Description = "The due date (yyyy-mm-dd, China Standard Time), today or later", Required = true };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Makes a repeated command return the first commitment instead of making another" };
        var command = new ApiCommand("make", "Make a commitment for a member (--member) or an organization (--org) and print its id",
            "POST /api/v1/members/{memberId}/commitments", "POST /api/v1/orgs/{orgId}/commitments")
        {
            member, org, title, target, unit, dueOn, idempotencyKey,
        };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var body = new MakeCommitmentRequest(parseResult.GetValue(title)!, parseResult.GetValue(target), parseResult.GetValue(unit)!, parseResult.GetValue(dueOn));
            var key = parseResult.GetValue(idempotencyKey);
            var created = (parseResult.GetValue(member), parseResult.GetValue(org)) switch
            {
                ({ } memberId, null) => await client.MakeMemberCommitmentAsync(memberId, body, key, cancellationToken).ConfigureAwait(false),
                (null, { } orgId) => await client.MakeOrganizationCommitmentAsync(orgId, body, key, cancellationToken).ConfigureAwait(false),
                _ => throw new CliException("give exactly one of --member and --org."),
            };
            await settings.Out.WriteLineAsync(created.Id).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand List(CliSettings settings, Connection connection)
    {
        var orgId = new Argument<string>("orgId") { Description = "The organization: its own commitments and its members'" };
        var status = new Option<string?>("--status") { Description = "open, done or overdue [default: all]" };
        status.AcceptOnlyFromAmong(CommitmentStatuses.Open, CommitmentStatuses.Done, CommitmentStatuses.Overdue);
        var json = JsonOption();
        var command = new ApiCommand("list", "Print an organization's public list (公示) by due date: id, due, status, progress/target unit, owner, title", "GET /api/v1/orgs/{orgId}/commitments") { orgId, status, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var list = await client.ListOrganizationCommitmentsAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(status), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await WriteJsonAsync(settings.Out, list).ConfigureAwait(false);
                return;
            }

            foreach (var c in list.Items)
            {
                await settings.Out.WriteLineAsync($"{c.Id}\t{Day(c.DueOn)}\t{c.Status}\t{Number(c.Progress)}/{Number(c.Target)} {c.Unit}\t{c.Owner.Kind}:{c.Owner.Id}\t{c.Title}").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static ApiCommand Get(CliSettings settings, Connection connection)
    {
        var commitmentId = CommitmentId();
        var json = JsonOption();
        var command = new ApiCommand("get", "Print a commitment with its progress entries and reviews", "GET /api/v1/commitments/{commitmentId}") { commitmentId, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
            await WriteAsync(settings.Out, await client.GetCommitmentAsync(parseResult.GetValue(commitmentId)!, cancellationToken).ConfigureAwait(false), parseResult.GetValue(json)).ConfigureAwait(false));
        return command;
    }

    private static ApiCommand Progress(CliSettings settings, Connection connection)
    {
        var commitmentId = CommitmentId();
        var amount = new Option<decimal>("--amount") { Description = "Progress made (> 0), in the commitment's unit", Required = true };
        var note = new Option<string?>("--note") { Description = "What was done" };
        var json = JsonOption();
        var command = new ApiCommand("progress", "Report progress towards the target and print the commitment", "POST /api/v1/commitments/{commitmentId}/progress") { commitmentId, amount, note, json };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var commitment = await client.ReportCommitmentProgressAsync(parseResult.GetValue(commitmentId)!, new CommitmentProgressRequest(parseResult.GetValue(amount), parseResult.GetValue(note)), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, commitment, parseResult.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Complete(CliSettings settings, Connection connection)
    {
        var commitmentId = CommitmentId();
        var command = new ApiCommand("complete", "Mark a commitment done (践诺), also when overdue", "POST /api/v1/commitments/{commitmentId}/complete") { commitmentId };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var commitment = await client.CompleteCommitmentAsync(parseResult.GetValue(commitmentId)!, cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{commitment.Id}: {commitment.Status}").ConfigureAwait(false);
        });
        return command;
    }

    private static ApiCommand Review(CliSettings settings, Connection connection)
    {
        var commitmentId = CommitmentId();
        var by = new Option<string>("--by") { Description = "leader (领导点评) or public (群众评议, recorded on the public's behalf)", Required = true };
        by.AcceptOnlyFromAmong(ReviewerKinds.Leader, ReviewerKinds.Public);
        var score = new Option<int>("--score") { Description = "1 to 5", Required = true };
        var note = new Option<string?>("--note") { Description = "The review's words" };
        var command = new ApiCommand("review", "Record a review (评议) of a commitment", "POST /api/v1/commitments/{commitmentId}/reviews") { commitmentId, by, score, note };
        command.SetClientAction(connection, async (parseResult, client, cancellationToken) =>
        {
            var commitment = await client.ReviewCommitmentAsync(parseResult.GetValue(commitmentId)!, new CommitmentReviewRequest(parseResult.GetValue(by)!, parseResult.GetValue(score), parseResult.GetValue(note)), cancellationToken).ConfigureAwait(false);
            await settings.Out.WriteLineAsync($"{commitment.Id}: {Number(commitment.Reviews.Count)} reviews").ConfigureAwait(false);
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, Commitment commitment, bool json)
    {
        if (json)
        {
            await WriteJsonAsync(output, commitment).ConfigureAwait(false);
            return;
        }

        await WriteRowsAsync(output,
        [
            ("id", commitment.Id),
            ("owner", $"{commitment.Owner.Kind}:{commitment.Owner.Id}"),
            ("orgId", commitment.OrgId),
            ("title", commitment.Title),
            ("progress", $"{Number(commitment.Progress)}/{Number(commitment.Target)} {commitment.Unit}"),
            ("dueOn", Day(commitment.DueOn)),
            ("status", commitment.Status),
            ("completedAt", Time(commitment.CompletedAt)),
            ("supervision", commitment.SupervisionItemId),
        ]).ConfigureAwait(false);
        foreach (var entry in commitment.Entries)
        {
            await output.WriteLineAsync($"progress\t{Time(entry.At)}\t+{Number(entry.Amount)}\t{entry.By}\t{entry.Note}").ConfigureAwait(false);
        }

        foreach (var review in commitment.Reviews)
        {
            await output.WriteLineAsync($"review\t{Time(review.At)}\t{review.By} {Number(review.Score)}/5\t{review.Reviewer}\t{review.Note}").ConfigureAwait(false);
        }
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
