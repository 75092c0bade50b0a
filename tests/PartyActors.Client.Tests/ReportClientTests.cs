using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartyActors.Client.Cli;

namespace PartyActors.Client.Tests;

/// <summary>The periodic reports' routes in the client and the command line, against a stand-in of the silo.</summary>
public sealed class ReportClientTests : IAsyncLifetime, IDisposable
{
    private const string Report = """
        {"orgId":"410103","period":"2026-11","granularity":"month","start":"2026-11-01T00:00:00+08:00","end":"2026-12-01T00:00:00+08:00",
         "takenAt":"2026-11-30T16:00:01.25+00:00","name":"二七区委","kind":"district","parentId":null,"childIds":["410103-002"],
         "rollup":{"orgId":"410103","asOf":"2026-11-30T15:59:59.9+00:00","version":42,"metrics":{"orgs":870,"members":21000,"reportedIn":5100}}}
        """;

    /// <summary>A table as the silo sends it: a byte-order mark, a header, quoted Chinese.</summary>
    private static readonly byte[] Table = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("组织编号(id),组织名称(name)\r\n410103,\"二七区委, 示范\"\r\n")];

    private readonly List<string> requests = [];
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();
    private readonly string directory = Directory.CreateTempSubdirectory("partyactors-export-").FullName;
    private FakeSilo silo = null!;

    public async Task InitializeAsync() => silo = await FakeSilo.StartAsync(app => app.Map("/{**path}", async context =>
    {
        var key = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
        lock (requests)
        {
            requests.Add(key);
        }

        switch (context.Request.Path.Value)
        {
            case "/api/v1/orgs/410103/reports" when context.Request.Query.ContainsKey("period"):
                await FakeSilo.WriteJsonAsync(context, 200, Report);
                break;
            case "/api/v1/orgs/410103/reports" when context.Request.Query["after"] == "2026-10":
                await FakeSilo.WriteJsonAsync(context, 200, """
                    {"orgId":"410103","items":[{"period":"2026-Q3","granularity":"quarter","start":"2026-07-01T00:00:00+08:00","end":"2026-10-01T00:00:00+08:00","takenAt":"2026-09-30T16:00:02+00:00"}],"next":null}
                    """);
                break;
            case "/api/v1/orgs/410103/reports":
                await FakeSilo.WriteJsonAsync(context, 200, """
                    {"orgId":"410103","items":[{"period":"2026-11","granularity":"month","start":"2026-11-01T00:00:00+08:00","end":"2026-12-01T00:00:00+08:00","takenAt":"2026-11-30T16:00:01+00:00"},
                                               {"period":"2026-10","granularity":"month","start":"2026-10-01T00:00:00+08:00","end":"2026-11-01T00:00:00+08:00","takenAt":"2026-10-31T16:00:01+00:00"}],"next":"2026-10"}
                    """);
                break;
            case "/api/v1/orgs/410103/trend":
                await FakeSilo.WriteJsonAsync(context, 200, """
                    {"orgId":"410103","metric":"reportedIn","granularity":"month","from":"2026-09","to":"2026-11",
                     "points":[{"period":"2026-09","value":null,"takenAt":null},{"period":"2026-10","value":4980,"takenAt":"2026-10-31T16:00:01+00:00"},{"period":"2026-11","value":5100,"takenAt":"2026-11-30T16:00:01+00:00"}]}
                    """);
                break;
            case "/api/v1/orgs/410103/reports/export":
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = "attachment; filename=\"reports-410103-2026-11.csv\"";
                await context.Response.Body.WriteAsync(Table);
                break;
            default:
                await FakeSilo.WriteJsonAsync(context, 404, """{"title":"Not Found","status":404,"detail":"No snapshot of 2026-05 was taken.","code":"report-not-found"}""", "application/problem+json");
                break;
        }
    }));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_client_reads_a_periods_snapshot_the_list_and_a_trend()
    {
        var client = silo.CreateClient();

        var report = await client.GetReportAsync("410103", "2026-11");
        var list = await client.ListReportsAsync("410103", ReportGranularities.Month, limit: 2);
        var trend = await client.GetTrendAsync("410103", RollupMetrics.ReportedIn, "2026-09", "2026-11");
        var missing = await Assert.ThrowsAsync<PartyActorsApiException>(() => client.GetReportAsync("410104", "2026-05"));

        Assert.Equal(("2026-11", ReportGranularities.Month, "二七区委"), (report.Period, report.Granularity, report.Name));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), report.End);
        Assert.Equal(["410103-002"], report.ChildIds);
        Assert.Equal(5100, report.Rollup.Metric(RollupMetrics.ReportedIn));
        Assert.Equal(["2026-11", "2026-10"], list.Items.Select(i => i.Period));
        Assert.Equal("2026-10", list.Next);
        Assert.Equal(new long?[] { null, 4980, 5100 }, trend.Points.Select(p => p.Value));
        Assert.Null(trend.Points[0].TakenAt);
        Assert.Equal("report-not-found", missing.Problem!.Extensions["code"].GetString());
        Assert.Equal(
            [
                "GET /api/v1/orgs/410103/reports?period=2026-11",
                "GET /api/v1/orgs/410103/reports?granularity=month&limit=2",
                "GET /api/v1/orgs/410103/trend?metric=reportedIn&from=2026-09&to=2026-11",
                "GET /api/v1/orgs/410104/reports?period=2026-05",
            ],
            requests);
    }

    [Fact]
    public async Task The_client_copies_the_statistics_table_as_sent_and_names_the_file()
    {
        var client = silo.CreateClient();
        using var file = new MemoryStream();

        var name = await client.DownloadReportTableCsvAsync("410103", "2026-Q4", file, depth: 2);

        Assert.Equal(Table, file.ToArray());
        Assert.Equal("reports-410103-2026-11.csv", name);
        Assert.Equal("GET /api/v1/orgs/410103/reports/export?period=2026-Q4&depth=2", Assert.Single(requests));
    }

    [Fact]
    public async Task Report_prints_a_snapshot_in_two_columns_or_lists_every_page_of_periods()
    {
        Assert.Equal(0, await RunAsync("report", "410103", "--period", "2026-11"));
        Assert.Equal(
            """
            orgId       410103
            name        二七区委
            period      2026-11
            takenAt     2026-12-01T00:00:01+08:00
            asOf        2026-11-30T23:59:59+08:00
            version     42
            orgs        870
            members     21000
            reportedIn  5100

            """.ReplaceLineEndings(),
            stdout.ToString());

        stdout.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync("report", "410103"));
        Assert.Equal(
            """
            2026-11  month    taken 2026-12-01T00:00:01+08:00
            2026-10  month    taken 2026-11-01T00:00:01+08:00
            2026-Q3  quarter  taken 2026-10-01T00:00:02+08:00

            """.ReplaceLineEndings(),
            stdout.ToString());
        Assert.Equal("GET /api/v1/orgs/410103/reports?after=2026-10", requests[^1]);
    }

    [Fact]
    public async Task Trend_prints_a_line_per_period_and_a_dash_where_there_is_no_snapshot()
    {
        Assert.Equal(0, await RunAsync("trend", "410103", "--metric", "reportedIn", "--from", "2026-09", "--to", "2026-11"));

        Assert.Equal(
            """
            2026-09  -
            2026-10  4980
            2026-11  5100

            """.ReplaceLineEndings(),
            stdout.ToString());
    }

    [Fact]
    public async Task Export_saves_the_file_under_the_servers_name_or_the_one_given()
    {
        Assert.Equal(0, await RunAsync("export", "410103", "--period", "2026-11"));

        var saved = Path.Combine(directory, "reports-410103-2026-11.csv");
        Assert.Equal(Table, await File.ReadAllBytesAsync(saved));
        Assert.Equal(saved + Environment.NewLine, stdout.ToString());

        var named = Path.Combine(directory, "十一月.csv");
        Assert.Equal(0, await RunAsync("export", "410103", "--period", "2026-11", "--depth", "1", "--out", named));
        Assert.Equal(Table, await File.ReadAllBytesAsync(named));
        Assert.Equal("GET /api/v1/orgs/410103/reports/export?period=2026-11&depth=1", requests[^1]);
        Assert.Equal(["reports-410103-2026-11.csv", "十一月.csv"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_missing_report_exits_1_with_the_problem()
    {
        Assert.Equal(1, await RunAsync("report", "410104", "--period", "2026-05"));
        Assert.Contains("404", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("No snapshot of 2026-05 was taken.", stderr.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, await RunAsync("export", "410104", "--period", "2026-05", "--out", Path.Combine(directory, "none.csv")));
        Assert.Empty(Directory.GetFiles(directory));
    }

    private Task<int> RunAsync(params string[] args) =>
        CliApp.RunAsync([.. args, "--url", silo.BaseAddress.ToString()], new CliSettings(stdout, stderr) { GetEnvironmentVariable = _ => null, GetCurrentDirectory = () => directory });
}
