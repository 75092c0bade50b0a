using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartyActors.Browser;

/// <summary>The supervisors' dashboard at / in headless Chromium, against the real silo process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    private BrowserSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_supervisor_signs_in_at_the_scope_drills_down_two_levels_and_back_up_with_a_url_per_node()
    {
        var page = await SignInAsync(BrowserFixture.District);
        await Expect(page.GetByTestId("tile-members-value")).ToHaveTextAsync(await MembersAsync(BrowserFixture.District));
        await Expect(page.GetByTestId("crumbs")).ToHaveTextAsync("示范区");

        await page.GetByTestId("child-link").GetByText("东风路街道").ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("东风路街道");
        await Expect(page).ToHaveURLAsync(new Uri(Silo.BaseAddress, $"/#/org/{BrowserFixture.Street}").ToString());
        await Expect(page.GetByTestId("tile-members-value")).ToHaveTextAsync(await MembersAsync(BrowserFixture.Street));

        await page.GetByTestId("child-link").GetByText("幸福里社区").ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("幸福里社区");
        await Expect(page.GetByTestId("crumbs")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("示范区\\s*›\\s*东风路街道\\s*›\\s*幸福里社区"));
        await Expect(page.GetByTestId("child-row")).ToHaveCountAsync(3);

        // The URL is the view: opened again (as a shared link would be), it shows the same node and path.
        await page.GotoAsync($"/#/org/{BrowserFixture.Community}");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("幸福里社区");
        await Expect(page.GetByTestId("crumbs")).ToContainTextAsync("东风路街道");

        await page.GetByTestId("crumbs").GetByRole(AriaRole.Link, new() { Name = "示范区" }).ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("示范区");
        await Expect(page).ToHaveURLAsync(new Uri(Silo.BaseAddress, $"/#/org/{BrowserFixture.District}").ToString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_change_made_through_the_api_shows_on_the_tile_within_two_seconds()
    {
        var page = await SignInAsync(BrowserFixture.District);
        await page.GotoAsync($"/#/org/{BrowserFixture.Community}");
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("幸福里社区");
        await Expect(page.GetByTestId("live")).ToContainTextAsync("实时");
        var members = page.GetByTestId("tile-members-value");
        await Expect(members).ToHaveTextAsync(await MembersAsync(BrowserFixture.Community));
        var before = int.Parse(await members.TextContentAsync() ?? "", CultureInfo.InvariantCulture);

        // From the moment the API acknowledged the change.
        await Silo.EnrollAsync($"bt-live-{Guid.NewGuid():N}"[..20], "新党员", BrowserFixture.Grid2);
        var clock = Stopwatch.StartNew();
        await Expect(members).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 2_000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the tile changed after {clock.ElapsedMilliseconds} ms");
        await Expect(page.GetByTestId("updated-at")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{2}:\d{2}:\d{2}$"));

        // The children's table follows the node's stream too.
        await Expect(page.Locator($"[data-testid=child-row][data-id={BrowserFixture.Grid2}] td[data-col=members]"))
            .ToHaveTextAsync(await MembersAsync(BrowserFixture.Grid2), new() { Timeout = 5_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_residents_request_filed_through_the_api_moves_the_requests_tile_and_its_rating_the_satisfaction_tile()
    {
        var page = await SignInAsync(BrowserFixture.District);

        // The supervision list reads the real ledger of the subtree's overdue requests.
        var ledger = page.WaitForResponseAsync(r => r.Url.Contains($"/api/v1/orgs/{BrowserFixture.Community}/requests?status=overdue", StringComparison.Ordinal));
        await page.GotoAsync($"/#/org/{BrowserFixture.Community}");
        Assert.Equal(200, (await ledger).Status);
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("幸福里社区");
        await Expect(page.GetByTestId("live")).ToContainTextAsync("实时");

        var open = page.GetByTestId("tile-requests-value");
        var before = await MetricAsync(BrowserFixture.Community, "requestsOpen");
        await Expect(open).ToHaveTextAsync(Text(before));

        var filed = await Silo.PostAsync($"/api/v1/orgs/{BrowserFixture.Grid2}/requests", new JsonObject
        {
            ["title"] = "楼道灯不亮", ["category"] = "市政设施", ["channel"] = "hotline",
        });
        await Expect(open).ToHaveTextAsync(Text(before + 1));

        // Answered, then closed with a rating of 4: open again as before, one more closed, and the
        // satisfaction tile shows the average of the subtree's ratings.
        var id = filed["id"]!.GetValue<string>();
        await Silo.PostAsync($"/api/v1/requests/{id}/reply", new JsonObject { ["text"] = "已报修，三天内修复" });
        await Silo.PostAsync($"/api/v1/requests/{id}/close", new JsonObject { ["satisfaction"] = 4 });
        await Expect(open).ToHaveTextAsync(Text(before));
        var closed = await MetricAsync(BrowserFixture.Community, "requestsClosed");
        Assert.True(closed >= 1);
        await Expect(page.GetByTestId("tile-requests")).ToContainTextAsync($"已办结 {Text(closed)}");
        var average = (double)await MetricAsync(BrowserFixture.Community, "satisfactionSum") / await MetricAsync(BrowserFixture.Community, "satisfactionCount");
        await Expect(page.GetByTestId("tile-satisfaction-value")).ToHaveTextAsync(average.ToString("F2", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("tile-satisfaction")).Not.ToHaveAttributeAsync("data-light", "grey");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_errand_taken_and_done_through_the_api_moves_the_errands_tile()
    {
        var page = await SignInAsync(BrowserFixture.District);
        await page.GotoAsync($"/#/org/{BrowserFixture.Community}");
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("幸福里社区");
        await Expect(page.GetByTestId("live")).ToContainTextAsync("实时");

        var open = page.GetByTestId("tile-errands-value");
        var before = await MetricAsync(BrowserFixture.Community, "errandsOpen");
        await Expect(open).ToHaveTextAsync(Text(before));

        // A cadre of record in the community's second grid takes a resident's errand there (全程代办).
        var taken = await Silo.PostAsync($"/api/v1/orgs/{BrowserFixture.Grid2}/errands", new JsonObject
        {
            ["resident"] = new JsonObject { ["name"] = "李大爷" },
            ["category"] = "certificates",
            ["description"] = "代办老年证",
            ["cadreMemberId"] = "bt-m-g2-1",
        });
        await Expect(open).ToHaveTextAsync(Text(before + 1));
        await Expect(page.GetByTestId("tile-errands")).Not.ToHaveAttributeAsync("data-light", "grey");

        await Silo.PostAsync($"/api/v1/errands/{taken["id"]!.GetValue<string>()}/done", new JsonObject { ["note"] = "已送到家" });
        await Expect(open).ToHaveTextAsync(Text(before));
        var done = await MetricAsync(BrowserFixture.Community, "errandsDone");
        Assert.True(done >= 1);
        await Expect(page.GetByTestId("tile-errands")).ToContainTextAsync($"已办结 {Text(done)}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_meetings_tile_shows_held_over_required_and_no_requirement_in_grey_not_red()
    {
        var page = await SignInAsync(BrowserFixture.District);
        var tile = page.GetByTestId("tile-meetings");
        foreach (var org in new[] { BrowserFixture.District, BrowserFixture.Grid4 })
        {
            await page.GotoAsync($"/#/org/{org}");
            await Expect(page.GetByTestId("node-name")).ToHaveTextAsync((await Silo.GetAsync($"/api/v1/orgs/{org}"))["name"]!.GetValue<string>());
            await Expect(page.GetByTestId("tile-members-value")).ToHaveTextAsync(await MembersAsync(org));
            var required = await MetricAsync(org, "meetingsRequired");
            var held = await MetricAsync(org, "meetingsHeld");
            if (required == 0)
            {
                await Expect(page.GetByTestId("tile-meetings-value")).ToHaveTextAsync("无要求");
                await Expect(tile).ToHaveAttributeAsync("data-light", "grey");
                await Expect(tile).ToContainTextAsync($"已开展 {Text(held)}");
            }
            else
            {
                await Expect(page.GetByTestId("tile-meetings-value")).ToHaveTextAsync($"{Text(held)} / {Text(required)}");
                await Expect(tile).Not.ToHaveAttributeAsync("data-light", "grey");
            }
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_children_sort_by_a_column_both_ways_and_carry_their_colours()
    {
        var page = await SignInAsync(BrowserFixture.District);
        await page.GotoAsync($"/#/org/{BrowserFixture.Community}");
        var rows = page.GetByTestId("child-row");
        await Expect(rows).ToHaveCountAsync(3);

        // Report-in rates: grid 3 100 %, grid 1 75 %, grid 2 0 % (thresholds 90 / 70 by default).
        await page.GetByTestId("sort-reportInRate").ClickAsync();
        await ExpectOrderAsync(rows, BrowserFixture.Grid3, BrowserFixture.Grid1, BrowserFixture.Grid2);
        await page.GetByTestId("sort-reportInRate").ClickAsync();
        await ExpectOrderAsync(rows, BrowserFixture.Grid2, BrowserFixture.Grid1, BrowserFixture.Grid3);

        // The report-in column's dot (a row's own colour is its worst indicator, meetings included).
        await Expect(page.Locator($"[data-testid=child-row][data-id={BrowserFixture.Grid3}] td[data-col=reportInRate] .flag")).ToHaveClassAsync("flag green");
        await Expect(page.Locator($"[data-testid=child-row][data-id={BrowserFixture.Grid1}] td[data-col=reportInRate] .flag")).ToHaveClassAsync("flag yellow");
        await Expect(page.Locator($"[data-testid=child-row][data-id={BrowserFixture.Grid2}] td[data-col=reportInRate] .flag")).ToHaveClassAsync("flag red");
        await Expect(page.Locator($"[data-testid=child-row][data-id={BrowserFixture.Grid2}]")).ToHaveAttributeAsync("data-light", "red");
        await Expect(page.GetByTestId("tile-reportIn")).Not.ToHaveAttributeAsync("data-light", "none");

        await page.GetByTestId("sort-name").ClickAsync();
        await Expect(page.GetByTestId("sort-name")).ToContainTextAsync("▼");
        await Expect(page.Locator("#children-chart canvas")).ToHaveCountAsync(1);

        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await page.GetByTestId("sort-reportInRate").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "dashboard.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switches_to_english_and_back_and_is_remembered()
    {
        var page = await SignInAsync(BrowserFixture.District);
        await Expect(page.GetByTestId("title")).ToHaveTextAsync("党建监督看板");
        await Expect(page.GetByTestId("tile-members")).ToContainTextAsync("党员");

        await page.GetByTestId("lang").ClickAsync();
        await Expect(page.GetByTestId("title")).ToHaveTextAsync("Supervisors' dashboard");
        await Expect(page.GetByTestId("tile-members")).ToContainTextAsync("Members");
        await Expect(page.GetByTestId("sort-reportInRate")).ToContainTextAsync("Report-in");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("title")).ToHaveTextAsync("Supervisors' dashboard");
        await page.GetByTestId("lang").ClickAsync();
        await Expect(page.GetByTestId("title")).ToHaveTextAsync("党建监督看板");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_by_exact_id_finds_an_organization_and_a_member_in_scope()
    {
        // An exact id finds it too (the page also asks GET /orgs/{id} and /members/{id}).
        var page = await SignInAsync(BrowserFixture.Street);
        await page.GetByTestId("search").FillAsync(BrowserFixture.Grid2);
        await page.GetByTestId("search").PressAsync("Enter");
        await page.GetByTestId("result").GetByText("第二网格").ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("第二网格");

        await page.GetByTestId("search").FillAsync("bt-m-g3-1");
        await page.GetByTestId("search").PressAsync("Enter");
        await page.GetByTestId("result").GetByText("网格三党员1").ClickAsync();
        await Expect(page.GetByTestId("member-card")).ToContainTextAsync(BrowserFixture.Grid3);

        // Outside the supervisor's street: nothing.
        await page.GetByTestId("search").FillAsync("bt-m-s2-1");
        await page.GetByTestId("search").PressAsync("Enter");
        await Expect(page.GetByTestId("results")).ToContainTextAsync("没有找到");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_by_part_of_a_chinese_name_finds_an_organization_and_a_member_in_scope()
    {
        var page = await SignInAsync(BrowserFixture.Street);
        var search = page.GetByTestId("search");
        await search.FillAsync("二网");
        await search.PressAsync("Enter");
        await Expect(page.GetByTestId("result")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("results")).Not.ToContainTextAsync("尚未启用");
        await page.GetByTestId("result").GetByText("第二网格").ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("第二网格");
        await Expect(page).ToHaveURLAsync(new Uri(Silo.BaseAddress, $"/#/org/{BrowserFixture.Grid2}").ToString());

        // Part of a member's name, below the supervisor's street at any depth (a grid of a community).
        await search.FillAsync("三党员2");
        await search.PressAsync("Enter");
        await Expect(page.GetByTestId("result")).ToHaveCountAsync(1);
        await page.GetByTestId("result").GetByText("网格三党员2").ClickAsync();
        await Expect(page.GetByTestId("member-card")).ToContainTextAsync("bt-m-g3-2");
        await Expect(page.GetByTestId("member-card")).ToContainTextAsync(BrowserFixture.Grid3);

        // The other street's organization and member match by name, but are outside the scope.
        await search.FillAsync("建设路");
        await search.PressAsync("Enter");
        await Expect(page.GetByTestId("results")).ToContainTextAsync("没有找到");
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string scope)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("demo-org").FillAsync(scope);
        await page.GetByTestId("demo-sign-in").ClickAsync();
        await Expect(page.GetByTestId("node-name")).ToHaveTextAsync((await Silo.GetAsync($"/api/v1/orgs/{scope}"))["name"]!.GetValue<string>());
        await Expect(page.GetByTestId("who")).ToContainTextAsync("supervisor");
        return page;
    }

    private async Task<long> MetricAsync(string orgId, string metric) =>
        (await Silo.GetAsync($"/api/v1/orgs/{orgId}/rollup"))["metrics"]!.AsObject()[metric]?.GetValue<long>() ?? 0;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<string> MembersAsync(string orgId) =>
        (await Silo.GetAsync($"/api/v1/orgs/{orgId}/rollup"))["metrics"]!["members"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);

    private static async Task ExpectOrderAsync(ILocator rows, params string[] ids)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-id", ids[i]);
        }
    }
}
