using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PartyActors.Browser;

/// <summary>
/// The dashboard's live stream reconnects by itself when the silo goes away and comes back. A silo
/// of its own (not the shared one, which keeps its data in memory): SQLite in a temporary folder and
/// a fixed signing key, so a restart keeps the tree and the page's token stays good.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserFixture fixture)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_the_silo_process_is_killed_and_started_again_the_page_reconnects_and_follows_a_change_without_a_reload()
    {
        var folder = Directory.CreateTempSubdirectory("pa-browser-reconnect-");
        try
        {
            await using var silo = await BrowserSilo.StartAsync(Ready, new Dictionary<string, string>
            {
                ["Storage__Provider"] = "Sqlite",
                ["Storage__SqliteDataSource"] = Path.Combine(folder.FullName, "partyactors.db"),
                ["Auth__SigningKey"] = "browser-tests-reconnect-signing-key-0123456789",
            });
            await silo.PlaceAsync("rc-d", "重连区", "district", null);
            await silo.PlaceAsync("rc-s", "重连街道", "street", "rc-d");
            await silo.PlaceAsync("rc-c", "重连社区", "community", "rc-s");
            await silo.PlaceAsync("rc-g", "重连网格", "grid", "rc-c");
            await silo.EnrollAsync("rc-m-1", "重连党员一", "rc-g");

            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = silo.BaseAddress.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByTestId("demo-org").FillAsync("rc-d");
            await page.GetByTestId("demo-sign-in").ClickAsync();
            await Expect(page.GetByTestId("node-name")).ToHaveTextAsync("重连区");
            var live = page.GetByTestId("live");
            var members = page.GetByTestId("tile-members-value");
            await Expect(live).ToContainTextAsync("实时");
            await Expect(members).ToHaveTextAsync("1");

            // A mark in the page's window: a reload would lose it.
            await page.EvaluateAsync("() => { window.__notReloaded = true; }");

            // Killed: the page notices and says it is reconnecting while the silo starts again.
            var restart = silo.RestartAsync(Ready);
            await Expect(live).ToContainTextAsync("正在重连", new() { Timeout = 30_000 });
            await restart;
            await Expect(live).ToContainTextAsync("实时", new() { Timeout = 60_000 });

            // Written after the restart: the tile follows through the new stream.
            await silo.EnrollAsync("rc-m-2", "重连党员二", "rc-g");
            await Expect(members).ToHaveTextAsync(2.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded");
            await context.CloseAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
