using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Reports;

/// <summary>
/// The statistics table (统计报表) of a period: one row per organization, from the snapshots of the
/// period, walking the tree as the snapshots recorded it (each snapshot names the organization's
/// children when it was taken), parents before their children. A file for Excel, written as
/// <see cref="CsvText"/> writes every CSV answer, each header in Chinese with the API's name in brackets.
/// <para>
/// Streamed as it is read: the children of one organization are read at once (in chunks of
/// <see cref="IdPages.Parallelism"/>) and written before going down into each, so memory holds the
/// snapshots on the path from the top to the row being written and the ids written, never the rows.
/// An organization named as a child that has no snapshot of the period gets a row with its id and
/// no figures, and nothing below it. The answer has begun when a grain call fails midway: the connection is then cut,
/// so the client sees a broken transfer rather than a file that looks whole.
/// </para>
/// </summary>
internal sealed class ReportTableCsv(IGrainFactory grains, PeriodSnapshot root, int maxDepth) : IResult, IEndpointMetadataProvider
{
    /// <summary>The columns before the metrics.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["组织编号(id)", "组织名称(name)", "组织类型(kind)", "上级组织编号(parentId)", "层级(depth)", "快照时间(takenAt)", "数据截至(asOf)", "版本(version)"];

    private const int FlushCharacters = 16 * 1024;

    /// <summary>Guards the walk against a loop between snapshots taken at different moments of a move.</summary>
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    private readonly StringBuilder _text = new();

    private static readonly IReadOnlyDictionary<Metric, string> Labels = new Dictionary<Metric, string>
    {
        [Metric.Orgs] = "组织数",
        [Metric.Members] = "党员数",
        [Metric.Probationary] = "预备党员数",
        [Metric.InService] = "在职党员数",
        [Metric.ReportedIn] = "在职党员已报到数",
        [Metric.ReportedHere] = "到本辖区报到党员数",
        [Metric.Points] = "积分合计",
        [Metric.VolunteerMinutes] = "志愿服务时长(分钟)",
        [Metric.ProjectsOpen] = "进行中项目数",
        [Metric.ClaimsCompleted] = "完成认领数",
        [Metric.RequestsOpen] = "未办结诉求数",
        [Metric.RequestsOverdue] = "逾期诉求数",
        [Metric.RequestsClosed] = "已办结诉求数",
        [Metric.SatisfactionSum] = "满意度评分合计",
        [Metric.SatisfactionCount] = "满意度评价数",
        [Metric.CommitmentsOpen] = "进行中承诺数",
        [Metric.CommitmentsDone] = "已践诺数",
        [Metric.CommitmentsOverdue] = "逾期承诺数",
        [Metric.MeetingsRequired] = "应开组织生活数",
        [Metric.MeetingsHeld] = "已开组织生活数",
        [Metric.ErrandsOpen] = "代办中事项数",
        [Metric.ErrandsOverdue] = "逾期代办事项数",
        [Metric.ErrandsDone] = "已办结代办事项数",
        [Metric.AgreementItemsOpen] = "共建项目进行中数",
        [Metric.AgreementItemsOverdue] = "共建项目逾期数",
        [Metric.AgreementItemsDone] = "共建项目完成数",
        [Metric.Redemptions] = "积分兑换次数",
        [Metric.PointsRedeemed] = "兑换消耗积分",
    };

    /// <summary>The header row: <see cref="Columns"/>, then every metric, a label in Chinese with its wire name in brackets.</summary>
    public static IReadOnlyList<string> Header { get; } =
        [.. Columns, .. Metrics.All.Select(m => Labels.TryGetValue(m, out var label) ? $"{label}({m.WireName()})" : m.WireName())];

    /// <summary>The file name the answer suggests: <c>reports-{orgId}-{period}.csv</c>.</summary>
    public string FileName => $"reports-{root.OrgId}-{root.Period}.csv";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        await CsvText.BeginAsync(response, FileName, cancellationToken);
        CsvText.AppendRow(_text, Header);
        try
        {
            await WriteSubtreeAsync(root, depth: 0, response.Body, cancellationToken);
            await CsvText.WriteOutAsync(_text, response.Body, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            httpContext.RequestServices.GetRequiredService<ILogger<ReportTableCsv>>()
                .LogError(exception, "The statistics table of {OrgId} for {Period} failed after its CSV began; the connection is cut.", root.OrgId, root.Period);
            httpContext.Abort();
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [CsvText.MediaType]));
    }

    private async Task WriteSubtreeAsync(PeriodSnapshot snapshot, int depth, Stream body, CancellationToken cancellationToken)
    {
        _written.Add(snapshot.OrgId);
        CsvText.AppendRow(_text, Cells(snapshot, depth));
        if (_text.Length >= FlushCharacters)
        {
            await CsvText.WriteOutAsync(_text, body, cancellationToken);
        }

        if (depth >= maxDepth)
        {
            return;
        }

        foreach (var chunk in snapshot.ChildIds.Chunk(IdPages.Parallelism))
        {
            var children = await Task.WhenAll(chunk.Select(id => grains.GetGrain<IOrganizationReportsGrain>(id).GetSnapshot(snapshot.Period)));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (_written.Contains(chunk[i]))
                {
                    continue;
                }

                if (children[i] is { } child)
                {
                    await WriteSubtreeAsync(child, depth + 1, body, cancellationToken);
                }
                else
                {
                    _written.Add(chunk[i]);
                    var gap = new string?[Header.Count];
                    (gap[0], gap[3], gap[4]) = (chunk[i], snapshot.OrgId, CsvText.Number(depth + 1));
                    CsvText.AppendRow(_text, gap);
                }
            }
        }
    }

    private static string?[] Cells(PeriodSnapshot snapshot, int depth)
    {
        var metrics = snapshot.Rollup.Metrics;
        return
        [
            snapshot.OrgId,
            CsvText.Inert(snapshot.Name),
            WireNames<OrganizationKind>.Name(snapshot.Kind),
            snapshot.ParentId,
            CsvText.Number(depth),
            CsvText.Instant(snapshot.TakenAt),
            CsvText.Instant(snapshot.Rollup.AsOf),
            CsvText.Number(snapshot.Rollup.Version),
            .. Metrics.All.Select(m => CsvText.Number(metrics[m])),
        ];
    }
}
