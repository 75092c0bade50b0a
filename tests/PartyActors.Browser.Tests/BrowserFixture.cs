using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace PartyActors.Browser;

/// <summary>
/// One silo process with a small seeded district and one headless Chromium, shared by the browser
/// tests. The browser is Debian's (<c>/usr/bin/chromium</c>, or <c>PARTYACTORS_CHROMIUM</c>),
/// launched by path: Playwright never downloads one. scripts/test.sh installs it (and a CJK font,
/// without which Chinese renders as boxes in the screenshots) when it is missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string District = "bt-d";
    public const string Street = "bt-s1";
    public const string OtherStreet = "bt-s2";
    public const string Community = "bt-c1";
    public const string OtherCommunity = "bt-c2";
    public const string Grid1 = "bt-g1";
    public const string Grid2 = "bt-g2";
    public const string Grid3 = "bt-g3";
    public const string Grid4 = "bt-g4";

    /// <summary>The member the member page signs in as: lives in <see cref="Grid4"/> (not in the community the dashboard tests sort), not reported in.</summary>
    public const string Member = "bt-m-wang";

    private IPlaywright? _playwright;

    internal BrowserSilo Silo { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The project near <see cref="Member"/> it claims on the member page.</summary>
    public string ProjectId { get; private set; } = null!;

    /// <summary>Where the screenshots are written: the repository's docs/screenshots.</summary>
    public static string ScreenshotDirectory => typeof(BrowserFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Screenshots").Value!;

    public async Task InitializeAsync()
    {
        // Conditions are awaited, never slept on; the allowance is for a loaded CI machine. The
        // two-second tile assertion sets its own.
        Assertions.SetDefaultExpectTimeout(15_000);
        var silo = BrowserSilo.StartAsync(TimeSpan.FromSeconds(90));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // As root (CI, containers) Chromium refuses to start with its sandbox.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Silo = await silo;
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }

    /// <summary>A fresh page (own storage: signed out, Chinese) of the given size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Silo.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("PARTYACTORS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"No Chromium at {path}: scripts/test.sh installs Debian's (apt-get install chromium fonts-noto-cjk), or set PARTYACTORS_CHROMIUM.", path);
    }

    /// <summary>
    /// A district with two streets; the first with two communities; the first community with three
    /// grids whose report-in rates differ (75 %, 0 %, 100 %), so the rows get different colours.
    /// </summary>
    private async Task SeedAsync()
    {
        await Silo.PlaceAsync(District, "示范区", "district", null);
        await Silo.PlaceAsync(Street, "东风路街道", "street", District);
        await Silo.PlaceAsync(OtherStreet, "建设路街道", "street", District);
        await Silo.PlaceAsync(Community, "幸福里社区", "community", Street);
        await Silo.PlaceAsync(OtherCommunity, "光明社区", "community", Street);
        await Silo.PlaceAsync(Grid1, "第一网格", "grid", Community);
        await Silo.PlaceAsync(Grid2, "第二网格", "grid", Community);
        await Silo.PlaceAsync(Grid3, "第三网格", "grid", Community);
        await Silo.PlaceAsync(Grid4, "光明一网格", "grid", OtherCommunity);

        await Silo.EnrollAsync(Member, "王建国", Grid4, residenceGridId: Grid4);
        for (var i = 1; i <= 4; i++)
        {
            var id = $"bt-m-g1-{i}";
            await Silo.EnrollAsync(id, $"网格一党员{i}", Grid1, residenceGridId: Grid1);
            if (i <= 3)
            {
                await Silo.PostAsync($"/api/v1/members/{id}/report-in", new JsonObject { ["gridId"] = Grid1 });
            }
        }

        for (var i = 1; i <= 2; i++)
        {
            await Silo.EnrollAsync($"bt-m-g2-{i}", $"网格二党员{i}", Grid2);
        }

        for (var i = 1; i <= 4; i++)
        {
            var id = $"bt-m-g3-{i}";
            await Silo.EnrollAsync(id, $"网格三党员{i}", Grid3, category: i <= 2 ? "in-service" : "retired", residenceGridId: Grid3);
            if (i <= 2)
            {
                await Silo.PostAsync($"/api/v1/members/{id}/report-in", new JsonObject { ["gridId"] = Grid3 });
            }
        }

        await Silo.EnrollAsync("bt-m-c2-1", "光明社区党员", OtherCommunity);
        await Silo.EnrollAsync("bt-m-s2-1", "建设路党员", OtherStreet);

        var project = await Silo.PostAsync($"/api/v1/orgs/{Grid4}/projects", new JsonObject
        {
            ["title"] = "为独居老人送餐", ["kind"] = "project", ["quota"] = 3, ["pointsPerHour"] = 10,
        });
        ProjectId = project["id"]!.GetValue<string>();
        await Silo.PostAsync($"/api/v1/orgs/{Grid4}/projects", new JsonObject { ["title"] = "楼道清洁微心愿", ["kind"] = "wish", ["quota"] = 1 });

        // A completed and rated service in the first grid: volunteer hours and points on the tiles.
        var served = (await Silo.PostAsync($"/api/v1/orgs/{Grid1}/projects", new JsonObject
        {
            ["title"] = "社区义诊", ["kind"] = "project", ["quota"] = 5, ["pointsPerHour"] = 10,
        }))["id"]!.GetValue<string>();
        var claim = (await Silo.PostAsync($"/api/v1/projects/{served}/claims", new JsonObject { ["memberId"] = "bt-m-g1-1" }))["id"]!.GetValue<string>();
        await Silo.PostAsync($"/api/v1/projects/{served}/claims/{claim}/complete", new JsonObject { ["minutes"] = 150 });
        await Silo.PostAsync($"/api/v1/projects/{served}/claims/{claim}/rating", new JsonObject { ["stars"] = 5 });

        var dueOn = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var commitment = await Silo.PostAsync($"/api/v1/members/{Member}/commitments", new JsonObject
        {
            ["title"] = "每月为社区志愿服务", ["target"] = 12, ["unit"] = "小时", ["dueOn"] = dueOn,
        });
        await Silo.PostAsync($"/api/v1/commitments/{commitment["id"]!.GetValue<string>()}/progress", new JsonObject { ["amount"] = 5, ["note"] = "第一次送餐" });
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
