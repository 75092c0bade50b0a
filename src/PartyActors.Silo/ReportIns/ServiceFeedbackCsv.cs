using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.ReportIns;

/// <summary>
/// The service feedback of a whole subtree as a CSV file for Excel (docs/report-in.md), written as
/// <see cref="CsvText"/> writes every CSV answer, headers in Chinese. Streamed a
/// chunk of members at a time, so a district's file needs no more memory than a chunk. The answer
/// has begun when a grain call fails midway: the connection is then cut, so the client sees a
/// broken transfer rather than a file that looks whole.
/// </summary>
internal sealed class ServiceFeedbackCsv(string orgId, string period, MembersOfSubtree members, ServiceFeedback feedback) : IResult, IEndpointMetadataProvider
{
    public const string MediaType = CsvText.MediaType;

    /// <summary>
    /// 党员编号 memberId, 姓名 name, 组织关系所在党组织 orgId, 报到社区 communityId, 报到网格 gridId,
    /// 报到时间 reportedAt, 服务时长(分钟) minutes, 完成服务次数 claimsCompleted, 获得评价次数 ratings,
    /// 评价星级合计 starsSum, 平均星级 averageStars, 期间积分 points.
    /// </summary>
    public static readonly IReadOnlyList<string> Header =
        ["党员编号", "姓名", "组织关系所在党组织", "报到社区", "报到网格", "报到时间", "服务时长(分钟)", "完成服务次数", "获得评价次数", "评价星级合计", "平均星级", "期间积分"];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        await CsvText.BeginAsync(response, $"service-feedback-{orgId}-{period}.csv", cancellationToken);

        var text = new StringBuilder();
        CsvText.AppendRow(text, Header);
        try
        {
            await foreach (var chunk in IdPages.ReadAllAsync(members.MemberIds, id => feedback.OfMemberAsync(id, members.Orgs)).WithCancellation(cancellationToken))
            {
                foreach (var item in chunk)
                {
                    CsvText.AppendRow(text, Cells(item));
                }

                await CsvText.WriteOutAsync(text, response.Body, cancellationToken);
            }

            if (text.Length > 0)
            {
                await CsvText.WriteOutAsync(text, response.Body, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            httpContext.RequestServices.GetRequiredService<ILogger<ServiceFeedbackCsv>>()
                .LogError(exception, "The service feedback of {OrgId} for {Period} failed after its CSV began; the connection is cut.", orgId, period);
            httpContext.Abort();
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new CsvAnswerDocumentation(
            "The whole subtree as UTF-8 CSV with a byte-order mark, one row per member, headers 党员编号,姓名,组织关系所在党组织,报到社区,报到网格,报到时间,服务时长(分钟),完成服务次数,获得评价次数,评价星级合计,平均星级,期间积分."));
    }

    private static string?[] Cells(ServiceFeedbackItem item) =>
    [
        item.MemberId,
        CsvText.Inert(item.Name),
        item.OrgId,
        item.ReportedIn?.CommunityId,
        item.ReportedIn?.GridId,
        item.ReportedIn is { } reportedIn ? CsvText.Instant(reportedIn.At) : null,
        item.Minutes.ToString(CultureInfo.InvariantCulture),
        item.ClaimsCompleted.ToString(CultureInfo.InvariantCulture),
        item.Ratings.Count.ToString(CultureInfo.InvariantCulture),
        item.Ratings.StarsSum.ToString(CultureInfo.InvariantCulture),
        item.Ratings.AverageStars?.ToString("0.##", CultureInfo.InvariantCulture),
        item.Points.ToString(CultureInfo.InvariantCulture),
    ];
}
