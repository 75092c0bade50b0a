namespace PartyActors.Grains.Demo;

/// <summary>How far a seeding has got, for a log line or a progress bar.</summary>
public sealed record SeedProgress(string Stage, int Done, int Total);

/// <summary>
/// Loads a demo district into the grains: organizations level by level (each level at once), then
/// members and report-ins with many calls in flight. Every call is an absolute upsert, so running it
/// again over a partly seeded store completes it without doubling anything.
/// </summary>
public static class DemoSeeder
{
    /// <summary>Calls in flight while members are loaded: enough to fill the store's group commits.</summary>
    private const int Parallelism = 256;

    /// <summary>
    /// Whether the district was seeded to the end: its root exists and its last report-in is in place
    /// (a seeding cut short is completed by seeding again).
    /// </summary>
    public static async Task<bool> IsSeededAsync(IGrainFactory grains, DemoDistrict district)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(district);
        var root = district.Organizations[0].Id;
        if (await grains.GetGrain<IOrganizationGrain>(root).GetDetails() is null)
        {
            return false;
        }

        return district.ReportIns.IsEmpty
            || (await grains.GetGrain<IMemberGrain>(district.ReportIns[^1].MemberId).GetDetails())?.ReportedIn is not null;
    }

    /// <summary>
    /// Places every organization and member of <paramref name="district"/>, its service history
    /// (<paramref name="history"/>: projects, claims, ratings and commitments, then reward shops with
    /// their redemptions and residents' errands, through the grains' own
    /// methods, so the roll-ups count them as any other), and its report-ins, last, so that
    /// <see cref="IsSeededAsync"/> finds a seeding complete only when everything is in place.
    /// </summary>
    public static async Task SeedAsync(IGrainFactory grains, DemoDistrict district, IProgress<SeedProgress>? progress = null,
        CancellationToken cancellationToken = default, DemoHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(district);
        var tree = grains.GetGrain<IOrganizationTreeGrain>(IOrganizationTreeGrain.Key);

        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var org in district.Organizations)
        {
            depth[org.Id] = org.Definition.ParentId is { } parent ? depth[parent] + 1 : 0;
        }

        var placed = 0;
        foreach (var level in district.Organizations.GroupBy(o => depth[o.Id]).OrderBy(g => g.Key))
        {
            await ForEachAsync(level, org => tree.Place(org.Id, org.Definition), cancellationToken);
            placed += level.Count();
            progress?.Report(new SeedProgress("organizations", placed, district.Organizations.Length));
        }

        await ForEachAsync(district.Members, m => grains.GetGrain<IMemberGrain>(m.Id).SetProfile(m.Profile), cancellationToken);
        progress?.Report(new SeedProgress("members", district.Members.Length, district.Members.Length));

        if (history is not null)
        {
            await ForEachAsync(history.Projects, project => SeedProjectAsync(grains, project), cancellationToken);
            await ForEachAsync(history.Commitments, c => grains.GetGrain<ICommitmentGrain>(c.CommitmentId).Import(c, DemoHistory.Author), cancellationToken);
            progress?.Report(new SeedProgress("service history", history.Projects.Length + history.Commitments.Length, history.Projects.Length + history.Commitments.Length));

            // After the projects: the redemptions spend what the ratings awarded.
            await ForEachAsync(history.Shops, shop => SeedShopAsync(grains, shop), cancellationToken);
            await ForEachAsync(history.Errands, errand => SeedErrandAsync(grains, errand), cancellationToken);
            progress?.Report(new SeedProgress("shops and errands", history.Shops.Length + history.Errands.Length, history.Shops.Length + history.Errands.Length));
        }

        await ForEachAsync(district.ReportIns, r => grains.GetGrain<IMemberGrain>(r.MemberId).ReportIn(r.GridId), cancellationToken);
        progress?.Report(new SeedProgress("report-ins", district.ReportIns.Length, district.ReportIns.Length));
    }

    /// <summary>Publishes, claims, completes, rates and closes as planned, skipping what is already done (a seeding resumed).</summary>
    private static async Task SeedProjectAsync(IGrainFactory grains, DemoProject planned)
    {
        var project = grains.GetGrain<IProjectGrain>(planned.Id);
        if (await project.GetDetails() is null)
        {
            await project.Publish(planned.Definition);
        }

        var details = await project.GetDetails() ?? throw new InvalidOperationException($"Project '{planned.Id}' was published but reads as missing.");
        if (details.Claims.IsEmpty)
        {
            await project.Claim([.. planned.Claims.Select(c => c.MemberId)]);
            details = await project.GetDetails() ?? details;
        }

        foreach (var claim in planned.Claims)
        {
            if (details.Claims.FirstOrDefault(c => c.MemberId == claim.MemberId) is not { } held)
            {
                continue;
            }

            if (claim.Minutes is { } minutes && held.Status == ClaimStatus.Claimed)
            {
                held = await project.Complete(held.Id, minutes);
            }

            if (claim.Stars is { } stars && held.Status == ClaimStatus.Completed)
            {
                await project.Rate(held.Id, stars);
            }
        }

        if (planned.Closed && details.Status == ProjectStatus.Open)
        {
            await project.Close();
        }
    }

    /// <summary>
    /// Stocks the shop's catalogue and redeems as planned. Saving a reward again keeps its stock, and
    /// each redemption carries its planned key, so a resumed seeding answers the first redemption
    /// rather than spending twice.
    /// </summary>
    private static async Task SeedShopAsync(IGrainFactory grains, DemoShop planned)
    {
        var shop = grains.GetGrain<IRewardShopGrain>(planned.CommunityId);
        foreach (var reward in planned.Rewards)
        {
            await shop.SaveReward(reward.Id, reward.Terms, reward.Stock, DemoHistory.Author);
        }

        foreach (var redemption in planned.Redemptions)
        {
            await shop.Redeem(new RedemptionOrder(redemption.RewardId, redemption.MemberId, redemption.Quantity, DemoHistory.Author, redemption.Key));
        }
    }

    /// <summary>Takes the errand unless it exists (a seeding resumed), then completes it if planned; completing again changes nothing.</summary>
    private static async Task SeedErrandAsync(IGrainFactory grains, DemoErrand planned)
    {
        var errand = grains.GetGrain<IErrandGrain>(planned.Id);
        if (await errand.GetDetails() is null)
        {
            await errand.Take(planned.Taking, DemoHistory.Author);
        }

        if (planned.DoneNote is { } note)
        {
            await errand.Complete(note, null, DemoHistory.Author);
        }
    }

    // Each worker continues from the pool's global queue after a call, so that the grains' timers
    // (roll-up publication, checkpoints) are not starved while the seed runs (GlobalQueue).
    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, _) =>
        {
            await action(item);
            await GlobalQueue.Yield();
        });
}
