using System.CommandLine;
using System.Globalization;

namespace PartyActors.Client.Cli;

/// <summary>
/// <c>partyactors rewards</c>: a community's reward shop (爱心超市): the catalogue, restocking,
/// redeeming points at the counter, the redemptions and their cancellation. Output is text, one
/// item a line, tab-separated.
/// </summary>
internal static class RewardsCommand
{
    public static Command Create(CliSettings settings, Connection connection) =>
        new("rewards", "Reward shops (爱心超市): catalogue, restock, redeem points, list and cancel redemptions")
        {
            List(settings, connection),
            Get(settings, connection),
            Add(settings, connection),
            Put(settings, connection),
            Restock(settings, connection),
            Redeem(settings, connection),
            Redemptions(settings, connection),
            Redemption(settings, connection),
            Cancel(settings, connection),
        };

    private static Argument<string> OrgId() => new("orgId") { Description = "The community or village whose shop it is" };

    private static Argument<string> RewardId() => new("rewardId") { Description = "The reward" };

    private static Command List(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var command = new ApiCommand("list", "Print the catalogue, one reward a line: id, cost, stock, active, name", "GET /api/v1/orgs/{orgId}/rewards") { orgId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var catalogue = await client.GetRewardsAsync(parseResult.GetValue(orgId)!, cancellationToken).ConfigureAwait(false);
            foreach (var reward in catalogue.Items)
            {
                await WriteAsync(settings.Out, reward).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Get(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var rewardId = RewardId();
        var command = new ApiCommand("get", "Print one reward: id, cost, stock, active, name", "GET /api/v1/orgs/{orgId}/rewards/{rewardId}") { orgId, rewardId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await WriteAsync(settings.Out, await client.GetRewardAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(rewardId)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Add(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var terms = new TermOptions();
        var command = new ApiCommand("add", "Add a reward to the catalogue; prints it with its new id", "POST /api/v1/orgs/{orgId}/rewards") { orgId };
        terms.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reward = await client.CreateRewardAsync(parseResult.GetValue(orgId)!, terms.Read(parseResult), cancellationToken: cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, reward).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Put(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var rewardId = RewardId();
        var terms = new TermOptions();
        var command = new ApiCommand("put", "Create a reward with this id (with --stock) or change its terms (its stock stays)", "PUT /api/v1/orgs/{orgId}/rewards/{rewardId}") { orgId, rewardId };
        terms.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reward = await client.PutRewardAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(rewardId)!, terms.Read(parseResult), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, reward).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Restock(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var rewardId = RewardId();
        var quantity = new Argument<int>("quantity") { Description = "Items added (negative: written off)" };
        var command = new ApiCommand("restock", "Add items to a reward's stock (negative: write broken or lost ones off)", "POST /api/v1/orgs/{orgId}/rewards/{rewardId}/restock") { orgId, rewardId, quantity };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var reward = await client.RestockRewardAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(rewardId)!, parseResult.GetValue(quantity), cancellationToken: cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, reward).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Redeem(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var rewardId = RewardId();
        var memberId = new Argument<string>("memberId") { Description = "The member whose points pay" };
        var quantity = new Option<int?>("--quantity") { Description = "How many items [default: 1]" };
        var key = new Option<string?>("--idempotency-key") { Description = "Makes the redemption safe to retry: the same key again answers the first redemption" };
        var command = new ApiCommand("redeem", "Redeem a reward with a member's points (积分兑换); prints the redemption", "POST /api/v1/orgs/{orgId}/rewards/{rewardId}/redemptions")
        {
            orgId, rewardId, memberId, quantity, key,
        };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            var redemption = await client.RedeemRewardAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(rewardId)!,
                new RedeemReward(parseResult.GetValue(memberId)!, parseResult.GetValue(quantity)), parseResult.GetValue(key), cancellationToken).ConfigureAwait(false);
            await WriteAsync(settings.Out, redemption).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Redemptions(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var command = new ApiCommand("redemptions", "Print the shop's redemptions in the order made, one a line: id, status, member, reward × quantity, points, at", "GET /api/v1/orgs/{orgId}/redemptions") { orgId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            string? after = null;
            do
            {
                var page = await client.GetRedemptionsAsync(parseResult.GetValue(orgId)!, after: after, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var redemption in page.Items)
                {
                    await WriteAsync(settings.Out, redemption).ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Redemption(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var redemptionId = new Argument<string>("redemptionId") { Description = "The redemption (r00000001, …)" };
        var command = new ApiCommand("redemption", "Print one redemption: id, status, member, reward × quantity, points, at", "GET /api/v1/orgs/{orgId}/redemptions/{redemptionId}") { orgId, redemptionId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await WriteAsync(settings.Out, await client.GetRedemptionAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(redemptionId)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Cancel(CliSettings settings, Connection connection)
    {
        var orgId = OrgId();
        var redemptionId = new Argument<string>("redemptionId") { Description = "The redemption" };
        var command = new ApiCommand("cancel", "Cancel a redemption: the points go back to the member, the items to the stock", "POST /api/v1/orgs/{orgId}/redemptions/{redemptionId}/cancel") { orgId, redemptionId };
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var client = connection.CreateClient(parseResult, http);
            await WriteAsync(settings.Out, await client.CancelRedemptionAsync(parseResult.GetValue(orgId)!, parseResult.GetValue(redemptionId)!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Task WriteAsync(TextWriter output, Reward reward) =>
        output.WriteLineAsync(string.Join('\t', reward.Id, Number(reward.Cost), Number(reward.Stock), reward.Active ? "active" : "inactive", reward.Name));

    private static Task WriteAsync(TextWriter output, Redemption redemption) =>
        output.WriteLineAsync(string.Join('\t', redemption.Id, redemption.Status, redemption.MemberId, $"{redemption.RewardName} × {Number(redemption.Quantity)}",
            Number(redemption.Points), redemption.At.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture)));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The options that set a reward's terms.</summary>
    private sealed class TermOptions
    {
        private readonly Option<string> _name = new("--name") { Description = "The reward's name", Required = true };
        private readonly Option<int> _cost = new("--cost") { Description = "Points per item", Required = true };
        private readonly Option<string?> _description = new("--description") { Description = "What it is" };
        private readonly Option<int?> _stock = new("--stock") { Description = "Items a new reward starts with [default: 0]" };
        private readonly Option<bool> _inactive = new("--inactive") { Description = "Not offered for now" };

        public void AddTo(Command command)
        {
            command.Options.Add(_name);
            command.Options.Add(_cost);
            command.Options.Add(_description);
            command.Options.Add(_stock);
            command.Options.Add(_inactive);
        }

        public SaveReward Read(ParseResult parseResult) => new(
            parseResult.GetValue(_name)!, parseResult.GetValue(_description), parseResult.GetValue(_cost),
            parseResult.GetValue(_stock), !parseResult.GetValue(_inactive));
    }
}
