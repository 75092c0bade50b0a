using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace PartyActors.Browser;

/// <summary>The member page at /m/ on a phone-sized screen (375 × 812), against the real silo process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MemberPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_member_on_a_phone_sees_points_and_commitments_reports_in_and_claims_a_project()
    {
        var page = await fixture.NewPageAsync(375, 812);
        await page.GotoAsync("/m/");
        await page.GetByTestId("demo-member").FillAsync(BrowserFixture.Member);
        await page.GetByTestId("demo-sign-in").ClickAsync();
        await Expect(page.GetByTestId("member-name")).ToContainTextAsync("王建国");
        await Expect(page.GetByTestId("points-total")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("rank")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Expect(page.GetByTestId("commitment")).ToContainTextAsync("5 / 12 小时");

        await Expect(page.GetByTestId("report-in-status")).ToContainTextAsync("尚未报到");
        await page.GetByTestId("report-in").ClickAsync();
        await Expect(page.GetByTestId("report-in-status")).ToContainTextAsync(BrowserFixture.Grid4);
        var member = await fixture.Silo.GetAsync($"/api/v1/members/{BrowserFixture.Member}");
        Assert.Equal(BrowserFixture.Grid4, member["reportedIn"]?["gridId"]?.GetValue<string>());

        var project = page.Locator($"[data-testid=project][data-id={fixture.ProjectId}]");
        await project.GetByTestId("claim").ClickAsync();
        await Expect(project.GetByTestId("claimed")).ToBeVisibleAsync();
        var claims = (await fixture.Silo.GetAsync($"/api/v1/projects/{fixture.ProjectId}"))["claims"]!.AsArray();
        Assert.Contains(claims, c => c!["memberId"]!.GetValue<string>() == BrowserFixture.Member);

        // Nothing wider than the phone.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 375 px");

        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "member.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_claim_the_quota_refuses_is_shown_and_changes_nothing()
    {
        var project = await fixture.Silo.PostAsync($"/api/v1/orgs/{BrowserFixture.Grid4}/projects", new JsonObject
        {
            ["title"] = "一人名额的项目", ["kind"] = "project", ["quota"] = 1,
        });
        var id = project["id"]!.GetValue<string>();
        var page = await fixture.NewPageAsync(375, 812);
        await page.GotoAsync("/m/");
        await page.GetByTestId("demo-member").FillAsync(BrowserFixture.Member);
        await page.GetByTestId("demo-sign-in").ClickAsync();
        var card = page.Locator($"[data-testid=project][data-id={id}]");
        await Expect(card.GetByTestId("claim")).ToBeEnabledAsync();

        // Someone else takes the only place after the page was loaded.
        await fixture.Silo.PostAsync($"/api/v1/projects/{id}/claims", new JsonObject { ["memberId"] = "bt-m-c2-1" });
        await card.GetByTestId("claim").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("claim")).ToHaveTextAsync("已满");
        var claims = (await fixture.Silo.GetAsync($"/api/v1/projects/{id}"))["claims"]!.AsArray();
        Assert.Single(claims);
        await page.Context.CloseAsync();
    }
}
