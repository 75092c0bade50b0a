using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartyActors.Grains;

namespace PartyActors.Silo.Tests;

/// <summary>
/// The periodic reports' routes: a period's snapshot, the list of periods, a metric's trend, the
/// statistics table as CSV, their access rules and bad input. The schedule's timing is the grain
/// tests' business (a fake clock): here the snapshots of past periods are taken directly, as a late
/// sweep would take them, with the figures of the moment.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ReportApiTests(SiloFixture silo)
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>Ends 2026-09 and 2026-Q3.</summary>
    private static readonly DateTimeOffset October = new(2026, 10, 1, 0, 0, 0, Cst);

    /// <summary>Ends 2026-10.</summary>
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, Cst);

    /// <summary>Ends 2026-11.</summary>
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, Cst);

    private ApiClient Api => silo.Api;

    private IGrainFactory Grains => silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// A district <paramref name="p"/> (二七区委) → street <c>{p}-s</c> (a name with a comma and
    /// quotes) → grids <c>{p}-g1</c> (a name Excel would run as a formula) and <c>{p}-g2</c>.
    /// Members: one at the start, two more by October's end, one more by November's. Every
    /// organization takes the snapshots ending at each boundary, except <c>{p}-g2</c> in October.
    /// </summary>
    private async Task TreeAsync(string p)
    {
        if ((await Grains.GetGrain<IOrganizationReportsGrain>(p).GetPeriods()).Length == 4)
        {
            // Built by an earlier case of the same theory.
            return;
        }

        var admin = await Api.AdminAsync();
        await Api.PlaceAsync(p, null, "district", "二七区委");
        await Api.PlaceAsync($"{p}-s", p, "street", "淮河路街道党工委, \"示范\"");
        await Api.PlaceAsync($"{p}-g1", $"{p}-s", "grid", "=一网格");
        await Api.PlaceAsync($"{p}-g2", $"{p}-s", "grid", "二网格");
        await Api.EnrollAsync($"{p}-m1", $"{p}-g1");
        await MembersAsync(p, admin, 1);
        await TakeAsync(October, p, $"{p}-s", $"{p}-g1");

        await Api.EnrollAsync($"{p}-m2", $"{p}-g1", status: "probationary");
        await Api.EnrollAsync($"{p}-m3", $"{p}-g2");
        await MembersAsync(p, admin, 3);
        await TakeAsync(November, p, $"{p}-s", $"{p}-g1", $"{p}-g2");

        await Api.EnrollAsync($"{p}-m4", $"{p}-g2");
        await MembersAsync(p, admin, 4);
        await TakeAsync(December, p, $"{p}-s", $"{p}-g1", $"{p}-g2");
    }

    private Task MembersAsync(string orgId, string token, long members) =>
        Api.EventuallyAsync($"/api/v1/orgs/{orgId}/rollup", token, r => r["metrics"]!["members"]!.GetValue<long>() == members, $"{orgId} counts {members} members");

    private async Task TakeAsync(DateTimeOffset boundary, params string[] orgIds)
    {
        foreach (var orgId in orgIds)
        {
            Assert.True((await Grains.GetGrain<IOrganizationReportsGrain>(orgId).Take(boundary)).Exists);
        }
    }

    private static string[] Strings(JsonNode? array, string property) =>
        [.. array!.AsArray().Select(i => i![property]!.GetValue<string>())];

    [Fact]
    public async Task A_period_reads_as_the_snapshot_taken_and_the_periods_list_newest_first_in_pages()
    {
        await TreeAsync("rp-a");
        var supervisor = await Api.TokenAsync("rp-a-sv", ["supervisor"], org: "rp-a");

        var october = await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports?period=2026-10", supervisor);
        Assert.Equal(("rp-a", "2026-10", "month"), (october["orgId"]!.GetValue<string>(), october["period"]!.GetValue<string>(), october["granularity"]!.GetValue<string>()));
        Assert.Equal(November.AddMonths(-1), october["start"]!.GetValue<DateTimeOffset>());
        Assert.Equal(November, october["end"]!.GetValue<DateTimeOffset>());
        Assert.Equal(("二七区委", "district"), (october["name"]!.GetValue<string>(), october["kind"]!.GetValue<string>()));
        Assert.Null(october["parentId"]);
        Assert.Equal(["rp-a-s"], october["childIds"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(3, october["rollup"]!["metrics"]!["members"]!.GetValue<long>());
        Assert.Equal(1, october["rollup"]!["metrics"]!["probationary"]!.GetValue<long>());
        Assert.True(october["takenAt"]!.GetValue<DateTimeOffset>() >= october["rollup"]!["asOf"]!.GetValue<DateTimeOffset>());

        // Taken: later changes (a fourth member) are not in it.
        Assert.Equal(4, (await Api.GetJsonAsync("/api/v1/orgs/rp-a/rollup", supervisor))["metrics"]!["members"]!.GetValue<long>());
        Assert.Equal(3, (await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports?period=2026-10", supervisor))["rollup"]!["metrics"]!["members"]!.GetValue<long>());
        var quarter = await Api.GetJsonAsync("/api/v1/orgs/rp-a-g1/reports?period=2026-Q3", supervisor);
        Assert.Equal(("quarter", 1L), (quarter["granularity"]!.GetValue<string>(), quarter["rollup"]!["metrics"]!["members"]!.GetValue<long>()));

        var all = await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports", supervisor);
        Assert.Equal(["2026-11", "2026-10", "2026-09", "2026-Q3"], Strings(all["items"], "period"));
        Assert.Null(all["next"]);
        var first = await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports?limit=2", supervisor);
        Assert.Equal(["2026-11", "2026-10"], Strings(first["items"], "period"));
        Assert.Equal("2026-10", first["next"]!.GetValue<string>());
        var second = await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports?limit=2&after=2026-10", supervisor);
        Assert.Equal(["2026-09", "2026-Q3"], Strings(second["items"], "period"));
        Assert.Null(second["next"]);
        var quarters = await Api.GetJsonAsync("/api/v1/orgs/rp-a/reports?granularity=quarter", supervisor);
        Assert.Equal(["2026-Q3"], Strings(quarters["items"], "period"));

        // An organization in the tree that has taken nothing lists nothing.
        await Api.PlaceAsync("rp-a-new", "rp-a-s", "grid");
        Assert.Empty((await Api.GetJsonAsync("/api/v1/orgs/rp-a-new/reports", supervisor))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_trend_is_the_metric_in_each_periods_snapshot()
    {
        await TreeAsync("rp-t");
        var admin = await Api.AdminAsync();

        var months = await Api.GetJsonAsync("/api/v1/orgs/rp-t/trend?metric=members&from=2026-08&to=2026-12", admin);
        Assert.Equal(("members", "month", "2026-08", "2026-12"),
            (months["metric"]!.GetValue<string>(), months["granularity"]!.GetValue<string>(), months["from"]!.GetValue<string>(), months["to"]!.GetValue<string>()));
        var points = months["points"]!.AsArray();
        Assert.Equal(["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"], Strings(points, "period"));
        Assert.Equal(new long?[] { null, 1, 3, 4, null }, points.Select(p => p!["value"]?.GetValue<long>()));
        foreach (var point in points.Where(p => p!["value"] is not null))
        {
            var period = point!["period"]!.GetValue<string>();
            var snapshot = await Api.GetJsonAsync($"/api/v1/orgs/rp-t/reports?period={period}", admin);
            Assert.Equal(snapshot["rollup"]!["metrics"]!["members"]!.GetValue<long>(), point["value"]!.GetValue<long>());
            Assert.Equal(snapshot["takenAt"]!.GetValue<DateTimeOffset>(), point["takenAt"]!.GetValue<DateTimeOffset>());
        }

        var quarters = await Api.GetJsonAsync("/api/v1/orgs/rp-t-g1/trend?metric=probationary&from=2026-Q2&to=2026-Q4", admin);
        Assert.Equal("quarter", quarters["granularity"]!.GetValue<string>());
        Assert.Equal(new long?[] { null, 0, null }, quarters["points"]!.AsArray().Select(p => p!["value"]?.GetValue<long>()));
        var years = await Api.GetJsonAsync("/api/v1/orgs/rp-t/trend?metric=orgs&from=2025&to=2026&granularity=year", admin);
        Assert.Equal(new long?[] { null, null }, years["points"]!.AsArray().Select(p => p!["value"]?.GetValue<long>()));
    }

    [Fact]
    public async Task The_statistics_table_is_utf8_csv_with_a_bom_a_row_per_organization_parents_first()
    {
        await TreeAsync("rp-c");
        var supervisor = await Api.TokenAsync("rp-c-sv", ["supervisor"], org: "rp-c");

        using var response = await Api.GetAsync("/api/v1/orgs/rp-c/reports/export?period=2026-11", supervisor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("reports-rp-c-2026-11.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = Csv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));

        var header = rows[0];
        Assert.Equal(["组织编号(id)", "组织名称(name)", "组织类型(kind)", "上级组织编号(parentId)", "层级(depth)", "快照时间(takenAt)", "数据截至(asOf)", "版本(version)"], header[..8]);
        Assert.Contains("党员数(members)", header);
        Assert.Contains("预备党员数(probationary)", header);
        Assert.Equal(8 + Metrics.All.Count(), header.Length);
        Assert.Equal(["rp-c", "rp-c-s", "rp-c-g1", "rp-c-g2"], rows.Skip(1).Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));

        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        var district = rows[1];
        Assert.Equal(("二七区委", "district", "", "0"), (district[1], district[2], district[3], district[4]));
        Assert.Equal(("4", "1", "4"), (Cell(district, "党员数(members)"), Cell(district, "预备党员数(probationary)"), Cell(district, "组织数(orgs)")));
        Assert.Equal(("淮河路街道党工委, \"示范\"", "rp-c", "1"), (rows[2][1], rows[2][3], rows[2][4]));
        Assert.Equal(("'=一网格", "2", "2"), (rows[3][1], rows[3][4], Cell(rows[3], "党员数(members)")));

        // The snapshots' values, the snapshot's time in China Standard Time.
        var snapshot = await Api.GetJsonAsync("/api/v1/orgs/rp-c-s/reports?period=2026-11", supervisor);
        var takenAt = snapshot["takenAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(takenAt.AddTicks(-(takenAt.Ticks % TimeSpan.TicksPerSecond)), DateTimeOffset.Parse(Cell(rows[2], "快照时间(takenAt)"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("+08:00", Cell(rows[2], "快照时间(takenAt)"), StringComparison.Ordinal);
        Assert.Equal(snapshot["rollup"]!["version"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(rows[2], "版本(version)"));

        // Quoting: a field with a comma or quotes is quoted, quotes doubled, lines end in CRLF.
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains(",\"淮河路街道党工委, \"\"示范\"\"\",", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        // October: g2 took no snapshot. It has a row with its id and parent and no figures.
        var october = await ReadCsvAsync("/api/v1/orgs/rp-c/reports/export?period=2026-09", supervisor);
        Assert.Equal(["rp-c", "rp-c-s", "rp-c-g1", "rp-c-g2"], october.Skip(1).Select(r => r[0]));
        Assert.Equal(("", "rp-c-s", "2", ""), (october[4][1], october[4][3], october[4][4], Cell(october[4], "党员数(members)")));

        // The tree as the snapshots recorded it, to a depth; from any organization of the subtree.
        Assert.Equal(["rp-c", "rp-c-s"], (await ReadCsvAsync("/api/v1/orgs/rp-c/reports/export?period=2026-10&depth=1", supervisor)).Skip(1).Select(r => r[0]));
        Assert.Equal(["rp-c-s", "rp-c-g1", "rp-c-g2"], (await ReadCsvAsync("/api/v1/orgs/rp-c-s/reports/export?period=2026-Q3", supervisor)).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Missing_snapshots_and_organizations_are_404_with_their_codes()
    {
        await TreeAsync("rp-n");
        var admin = await Api.AdminAsync();

        foreach (var (path, code) in new[]
        {
            ("/api/v1/orgs/rp-n/reports?period=2026-05", "report-not-found"),
            ("/api/v1/orgs/rp-n/reports?period=2099-05", "report-not-found"),
            ("/api/v1/orgs/rp-n/reports/export?period=2026-05", "report-not-found"),
            ("/api/v1/orgs/rp-nowhere/reports?period=2026-05", "org-not-found"),
            ("/api/v1/orgs/rp-nowhere/reports", "org-not-found"),
            ("/api/v1/orgs/rp-nowhere/reports/export?period=2026-05", "org-not-found"),
            ("/api/v1/orgs/rp-nowhere/trend?metric=members&from=2026-01&to=2026-02", "org-not-found"),
        })
        {
            using var response = await Api.GetAsync(path, admin);
            var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
            Assert.Equal(code, problem["code"]!.GetValue<string>());
        }

        using (var future = await Api.GetAsync("/api/v1/orgs/rp-n/reports?period=2099-05", admin))
        {
            Assert.Contains("has not ended", (await Problem.AssertAsync(future, HttpStatusCode.NotFound))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // A dissolved organization's reports stay: the statistics of its last periods do not vanish.
        using (var dissolved = await Api.DeleteAsync("/api/v1/orgs/rp-n-s", admin))
        {
            Assert.Equal(HttpStatusCode.Conflict, dissolved.StatusCode);
        }

        await Api.PlaceAsync("rp-n-gone", "rp-n", "grid");
        await TakeAsync(December, "rp-n-gone");
        using (var dissolved = await Api.DeleteAsync("/api/v1/orgs/rp-n-gone", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, dissolved.StatusCode);
        }

        Assert.Equal("2026-11", (await Api.GetJsonAsync("/api/v1/orgs/rp-n-gone/reports?period=2026-11", admin))["period"]!.GetValue<string>());
        Assert.Single((await Api.GetJsonAsync("/api/v1/orgs/rp-n-gone/reports", admin))["items"]!.AsArray());
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "/api/v1/orgs/rp-v/reports?period=2026-13", "period" },
        { "/api/v1/orgs/rp-v/reports?period=26-11", "period" },
        { "/api/v1/orgs/rp-v/reports?period=2026-Q5", "period" },
        { "/api/v1/orgs/rp-v/reports?period=2026-11&limit=5", "limit" },
        { "/api/v1/orgs/rp-v/reports?period=2026-11&granularity=month", "granularity" },
        { "/api/v1/orgs/rp-v/reports?limit=0", "limit" },
        { "/api/v1/orgs/rp-v/reports?limit=ten", "limit" },
        { "/api/v1/orgs/rp-v/reports/export?period=2026-11&depth=all", "depth" },
        { "/api/v1/orgs/rp-v/reports?limit=1001", "limit" },
        { "/api/v1/orgs/rp-v/reports?after=last", "after" },
        { "/api/v1/orgs/rp-v/reports?granularity=week", "granularity" },
        { "/api/v1/orgs/rp-v/reports/export", "period" },
        { "/api/v1/orgs/rp-v/reports/export?period=2026-1", "period" },
        { "/api/v1/orgs/rp-v/reports/export?period=2026-11&depth=-1", "depth" },
        { "/api/v1/orgs/rp-v/reports/export?period=2026-11&depth=33", "depth" },
        { "/api/v1/orgs/rp-v/trend?from=2026-01&to=2026-02", "metric" },
        { "/api/v1/orgs/rp-v/trend?metric=member&from=2026-01&to=2026-02", "metric" },
        { "/api/v1/orgs/rp-v/trend?metric=members&to=2026-02", "from" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2026-01", "to" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2026-11&to=2026-01", "to" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2026-Q1&to=2026-11", "to" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2016-01&to=2026-12", "to" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2026-01&to=2026-02&granularity=quarter", "from" },
        { "/api/v1/orgs/rp-v/trend?metric=members&from=2026-01&to=2026-02&granularity=day", "granularity" },
        { "/api/v1/orgs/bad%20id/reports?period=2026-11", "orgId" },
        { "/api/v1/orgs/bad%20id/trend?metric=members&from=2026-01&to=2026-02", "orgId" },
        { "/api/v1/orgs/bad%20id/reports/export?period=2026-11", "orgId" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_400_naming_the_field(string path, string field)
    {
        await Api.PlaceAsync("rp-v", null, "community");

        using var response = await Api.GetAsync(path, await Api.AdminAsync());

        await Problem.AssertInvalidAsync(response, field);
    }

    public static TheoryData<string, string?, string, int> Access => new()
    {
        // The roles that read organizations, in their scope.
        { "supervisor", "rp-s-s", "/api/v1/orgs/rp-s-g1/reports?period=2026-11", 200 },
        { "org-admin", "rp-s", "/api/v1/orgs/rp-s/reports", 200 },
        { "grid-worker", "rp-s-g1", "/api/v1/orgs/rp-s-g1/trend?metric=members&from=2026-01&to=2026-12", 200 },
        { "integration", "rp-s", "/api/v1/orgs/rp-s/reports/export?period=2026-11", 200 },
        { "supervisor", "rp-s-s", "/api/v1/orgs/rp-s/reports?period=2026-11", 403 },
        { "grid-worker", "rp-s-g1", "/api/v1/orgs/rp-s-g2/reports", 403 },
        { "org-admin", "rp-s-g2", "/api/v1/orgs/rp-s-s/reports/export?period=2026-11", 403 },
        { "supervisor", "rp-s", "/api/v1/orgs/rp-s-nowhere/reports?period=2026-11", 403 },
        { "member", null, "/api/v1/orgs/rp-s/reports?period=2026-11", 403 },
        { "resident", null, "/api/v1/orgs/rp-s/trend?metric=members&from=2026-01&to=2026-12", 403 },
        { "member", null, "/api/v1/orgs/rp-s/reports/export?period=2026-11", 403 },

        // The schedule's state is an admin's.
        { "admin", null, "/api/v1/reports/schedule", 200 },
        { "supervisor", "rp-s", "/api/v1/reports/schedule", 403 },
    };

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Roles_read_reports_in_their_scope_only(string role, string? org, string path, int expected)
    {
        await TreeAsync("rp-s");
        var token = await Api.TokenAsync($"rp-s-{role}-{org}", [role], org: org, member: role == "member" ? "rp-s-m1" : null);

        using var response = await Api.GetAsync(path, token);

        Assert.True(expected == (int)response.StatusCode, $"{role} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected == 403)
        {
            await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Without_a_token_every_report_route_is_401_and_the_schedule_has_started()
    {
        foreach (var path in new[] { "/api/v1/orgs/rp-s/reports", "/api/v1/orgs/rp-s/trend?metric=members&from=2026-01&to=2026-02", "/api/v1/orgs/rp-s/reports/export?period=2026-11", "/api/v1/reports/schedule" })
        {
            using var response = await Api.GetAsync(path, null);
            await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        }

        var schedule = await Api.EventuallyAsync("/api/v1/reports/schedule", await Api.AdminAsync(), s => s["started"]!.GetValue<bool>(), "the silo has started the schedule");
        Assert.True(schedule["nextBoundary"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(-1));

        using var openapi = await Api.GetAsync("/openapi/v1.json", null);
        var paths = JsonDocument.Parse(await openapi.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/orgs/{orgId}/reports", "/api/v1/orgs/{orgId}/reports/export", "/api/v1/orgs/{orgId}/trend", "/api/v1/reports/schedule" })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty("get", out _), $"{path} is missing from the OpenAPI document");
        }
    }

    private async Task<string[][]> ReadCsvAsync(string path, string token)
    {
        using var response = await Api.GetAsync(path, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return Csv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    /// <summary>Reads RFC 4180 CSV: CRLF rows, quoted fields with doubled quotes.</summary>
    private static string[][] Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.True(cell.Length == 0 && row.Count == 0, "The CSV does not end with CRLF.");
        return [.. rows];
    }
}
