using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using PartyActors.Grains;

namespace PartyActors.Silo.Reports;

/// <summary>
/// The statistics table (统计报表) of a period: one row per organization, from the snapshots of the
/// period, walking the tree as the snapshots recorded it (each snapshot names the organization's
/// children when it was taken), parents before their children. A file for Excel: UTF-8 with a
/// byte-order mark (without it Excel reads the Chinese as the local code page), RFC 4180 (CRLF; a
/// field with a comma, quote or line break quoted, quotes doubled), each header in Chinese with the
/// API's name in brackets.
/// <para>
/// Streamed as it is read: the children of one organization are read at once (in chunks of
/// <see cref="Parallelism"/>) and written before going down into each, so memory holds the
/// snapshots on the path from the top to the row being written and the ids written, never the rows. An organization
/// named as a child that has no snapshot of the period gets a row with its id and no figures, and
/// nothing below it. The answer has begun when a grain call fails midway: the connection is then cut,
/// so the client sees a broken transfer rather than a file that looks whole.
/// </para>
/// </summary>
internal sealed class ReportTableCsv(IGrainFactory grains, PeriodSnapshot root, int maxDepth) : IResult, IEndpointMetadataProvider
{
    public const string MediaType = "text/csv";

    /// <summary>The columns before the metrics.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["组织编号(id)", "组织名称(name)", "组织类型(kind)", "上级组织编号(parentId)", "层级(depth)", "快照时间(takenAt)", "数据截至(asOf)", "版本(version)"];

    /// <summary>Snapshots read at once: the children of one organization, a chunk at a time.</summary>
    public const int Parallelism = 64;

    private const int FlushCharacters = 16 * 1024;

    /// <summary>Guards the walk against a loop between snapshots taken at different moments of a move.</summary>
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    private readonly StringBuilder _text = new();

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

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
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType + "; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";

        await response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        WriteRow(Header);
        try
        {
            await WriteSubtreeAsync(root, depth: 0, response.Body, cancellationToken);
            await WriteOutAsync(response.Body, cancellationToken);
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
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));
    }

    private async Task WriteSubtreeAsync(PeriodSnapshot snapshot, int depth, Stream body, CancellationToken cancellationToken)
    {
        _written.Add(snapshot.OrgId);
        WriteRow(Cells(snapshot, depth));
        if (_text.Length >= FlushCharacters)
        {
            await WriteOutAsync(body, cancellationToken);
        }

        if (depth >= maxDepth)
        {
            return;
        }

        foreach (var chunk in snapshot.ChildIds.Chunk(Parallelism))
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
                    (gap[0], gap[3], gap[4]) = (chunk[i], snapshot.OrgId, Number(depth + 1));
                    WriteRow(gap);
                }
            }
        }
    }

    private async Task WriteOutAsync(Stream body, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Utf8.GetBytes(_text.ToString()), cancellationToken);
        await body.FlushAsync(cancellationToken);
        _text.Clear();
    }

    private static string?[] Cells(PeriodSnapshot snapshot, int depth)
    {
        var metrics = snapshot.Rollup.Metrics;
        return
        [
            snapshot.OrgId,
            Inert(snapshot.Name),
            WireNames<OrganizationKind>.Name(snapshot.Kind),
            snapshot.ParentId,
            Number(depth),
            Instant(snapshot.TakenAt),
            Instant(snapshot.Rollup.AsOf),
            Number(snapshot.Rollup.Version),
            .. Metrics.All.Select(m => Number(metrics[m])),
        ];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) =>
        at.ToOffset(PointsRules.ChinaStandardTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Free text that Excel would take for a formula (starting with =, +, -, @, a tab or a carriage
    /// return) gets a leading apostrophe, which Excel shows as text: an organization's name must not
    /// run as a formula on a supervisor's machine (CSV injection).
    /// </summary>
    private static string Inert(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private void WriteRow(IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            if (cells[i] is not { } cell)
            {
                continue;
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                _text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _text.Append(cell);
            }
        }

        _text.Append("\r\n");
    }
}
