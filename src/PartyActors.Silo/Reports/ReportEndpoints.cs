using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Reports;

/// <summary>
/// Periodic reports (docs/reports.md): each organization's immutable snapshots of its roll-up at the
/// end of every month, quarter and year (China Standard Time), a metric's trend over them, and the
/// statistics table of a subtree as CSV. Reads only, for the roles and scopes that read
/// organizations; like every read, not audited.
/// </summary>
internal static class ReportEndpoints
{
    /// <summary>The deepest level a statistics table goes to below its organization.</summary>
    public const int MaxDepth = 32;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/orgs/{orgId}").WithTags("Reports");
        orgs.MapGet("/reports", GetReports)
            .WithSummary("With ?period=2026-11, 2026-Q4 or 2026: the organization's snapshot of that month, quarter or year (China Standard Time), taken when the period ended: its roll-up then, when it was taken, and its name, kind, parent and children then; 404 report-not-found when none was taken. Without period: the periods it has snapshots of, newest first (?granularity=month|quarter|year; ?limit=1..1000, default 100; ?after=<next>).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(DescribeBothAnswersAsync);
        orgs.MapGet("/reports/export", ExportReports)
            .WithSummary("The statistics table of a period as CSV for Excel (UTF-8 with BOM): a row for the organization and each organization below it as the snapshots of the period record the tree, parents before their children, with each one's figures then (?period= required; ?depth=0..32 stops that many levels down, default 32, deeper than any tree).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapGet("/trend", GetTrend)
            .WithSummary("A metric's values in the organization's snapshots, one per period from 'from' to 'to' (?metric=reportedIn&from=2026-01&to=2026-11; quarters 2026-Q1 or years 2026 for ?granularity=quarter|year; at most 120 periods); a period without a snapshot has value null.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/reports/schedule", GetSchedule).WithTags("Reports")
            .WithSummary("Admins: where the schedule of periodic reports stands: the last period boundary swept, the next, a sweep under way and the last one completed.");
        return app;
    }

    public static async Task<Results<Ok<PeriodReport>, Ok<ReportPeriodList>, ProblemHttpResult>> GetReports(
        string orgId, string? period, string? granularity, int? limit, string? after, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time)
    {
        if (!caller.CanReadOrganizations)
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        if (period is not null)
        {
            var asked = ParsePeriod(errors, "period", period);
            NotWithPeriod(errors, "granularity", granularity is not null);
            NotWithPeriod(errors, "limit", limit is not null);
            NotWithPeriod(errors, "after", after is not null);

            if (await CheckAsync(errors, orgId, caller, scope) is { } refused)
            {
                return refused;
            }

            var reports = grains.GetGrain<IOrganizationReportsGrain>(orgId);
            return await reports.GetSnapshot(asked!.Value) is { } snapshot
                ? TypedResults.Ok(PeriodReport.Of(snapshot))
                : await NotTakenAsync(grains, orgId, asked.Value, time);
        }

        var only = errors.ParseEnum<PeriodGranularity>("granularity", granularity, required: false);
        if (limit is < 1 or > IdPages.MaxLimit)
        {
            errors.Add("limit", $"'limit' must be from 1 to {IdPages.MaxLimit}.");
        }

        var cursor = after is null ? (ReportPeriod?)null : ParsePeriod(errors, "after", after);
        if (await CheckAsync(errors, orgId, caller, scope) is { } denied)
        {
            return denied;
        }

        var periods = await grains.GetGrain<IOrganizationReportsGrain>(orgId).GetPeriods();
        if (periods.IsEmpty && !await ExistsAsync(grains, orgId))
        {
            return OrgNotFound(orgId);
        }

        var wanted = limit ?? IdPages.DefaultLimit;
        var page = periods
            .Where(p => only is null || p.Period.Granularity == only)
            .Where(p => cursor is not { } c || ComesAfter(p.Period, c))
            .Take(wanted + 1)
            .ToList();
        var items = page.Take(wanted).Select(ReportPeriodItem.Of).ToArray();
        return TypedResults.Ok(new ReportPeriodList(orgId, [.. items], page.Count > wanted ? items[^1].Period : null));
    }

    public static async Task<Results<ReportTableCsv, ProblemHttpResult>> ExportReports(
        string orgId, string? period, int? depth, Caller caller, SubtreeScope scope, IGrainFactory grains, TimeProvider time)
    {
        if (!caller.CanReadOrganizations)
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        var asked = period is null ? null : ParsePeriod(errors, "period", period);
        if (period is null)
        {
            errors.Add("period", "'period' is required: " + ReportPeriod.Forms + ".");
        }

        if (depth is < 0 or > MaxDepth)
        {
            errors.Add("depth", $"'depth' must be from 0 (the organization alone) to {MaxDepth}.");
        }

        if (await CheckAsync(errors, orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        // Read before the answer begins: a missing snapshot is a 404, not an empty file.
        var root = await grains.GetGrain<IOrganizationReportsGrain>(orgId).GetSnapshot(asked!.Value);
        return root is null
            ? await NotTakenAsync(grains, orgId, asked.Value, time)
            : new ReportTableCsv(grains, root, depth ?? MaxDepth);
    }

    public static async Task<Results<Ok<MetricTrend>, ProblemHttpResult>> GetTrend(
        string orgId, string? metric, string? from, string? to, string? granularity, Caller caller, SubtreeScope scope, IGrainFactory grains)
    {
        if (!caller.CanReadOrganizations)
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: true);
        Metric? series = null;
        if (metric is null)
        {
            errors.Add("metric", "'metric' is required; use one of: " + MetricNames() + ".");
        }
        else if (Metrics.TryParse(metric, out var parsed))
        {
            series = parsed;
        }
        else
        {
            errors.Add("metric", $"'{Truncate(metric)}' is not a metric; use one of: {MetricNames()}.");
        }

        var kind = errors.ParseEnum<PeriodGranularity>("granularity", granularity, required: false);
        var first = Bound(errors, "from", from, kind);
        var last = Bound(errors, "to", to, kind ?? first?.Granularity);
        if (first is { } f && last is { } l && ReportRules.CheckRange(f, l) is { } breach)
        {
            errors.Add("to", breach);
        }

        if (await CheckAsync(errors, orgId, caller, scope) is { } refused)
        {
            return refused;
        }

        var reports = grains.GetGrain<IOrganizationReportsGrain>(orgId);
        var points = await reports.GetTrend(series!.Value, first!.Value, last!.Value);
        if (points.All(p => p.Value is null) && (await reports.GetPeriods()).IsEmpty && !await ExistsAsync(grains, orgId))
        {
            return OrgNotFound(orgId);
        }

        return TypedResults.Ok(new MetricTrend(orgId, metric!, first.Value.Granularity, first.Value.ToString(), last.Value.ToString(),
            [.. points.Select(p => new TrendValue(p.Period.ToString(), p.Value, p.TakenAt))]));
    }

    public static async Task<Results<Ok<ReportScheduleStatus>, ProblemHttpResult>> GetSchedule(Caller caller, IGrainFactory grains) =>
        caller.IsAdmin
            ? TypedResults.Ok(await grains.GetGrain<IReportScheduleGrain>(IReportScheduleGrain.Key).GetStatus())
            : Problems.Forbidden("Only admins read the schedule of periodic reports.");

    /// <summary>
    /// The 200 of <c>/reports</c> is one of two bodies, by whether <c>period</c> is given; the generator
    /// keeps only the last one a handler declares, so the document names both.
    /// </summary>
    private static async Task DescribeBothAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse ok
            && ok.Content?.TryGetValue("application/json", out var json) == true)
        {
            json.Schema = new OpenApiSchema
            {
                OneOf =
                [
                    await context.GetOrCreateSchemaAsync(typeof(PeriodReport), cancellationToken: cancellationToken),
                    await context.GetOrCreateSchemaAsync(typeof(ReportPeriodList), cancellationToken: cancellationToken),
                ],
            };
            ok.Description = "With period: the snapshot of that period (PeriodReport). Without: a page of the periods with a snapshot (ReportPeriodList).";
        }
    }

    /// <summary>Whether <paramref name="period"/> comes after <paramref name="cursor"/> in the list's order (newest end first; at one end, month, quarter, year).</summary>
    private static bool ComesAfter(ReportPeriod period, ReportPeriod cursor) =>
        period.End < cursor.End || (period.End == cursor.End && period.Granularity > cursor.Granularity);

    /// <summary>A <c>from</c> or <c>to</c>: a period, of <paramref name="granularity"/> when one is known.</summary>
    private static ReportPeriod? Bound(ValidationErrors errors, string field, string? text, PeriodGranularity? granularity)
    {
        if (text is null)
        {
            errors.Add(field, $"'{field}' is required: {ReportPeriod.Forms}.");
            return null;
        }

        var period = ParsePeriod(errors, field, text);
        if (period is { } p && granularity is { } g && p.Granularity != g)
        {
            errors.Add(field, $"'{field}' ({p}) is a {WireNames<PeriodGranularity>.Name(p.Granularity)}; the trend is by {WireNames<PeriodGranularity>.Name(g)}.");
            return null;
        }

        return period;
    }

    private static void NotWithPeriod(ValidationErrors errors, string field, bool given)
    {
        if (given)
        {
            errors.Add(field, $"'{field}' pages the list of periods; it does not go with 'period'.");
        }
    }

    private static ReportPeriod? ParsePeriod(ValidationErrors errors, string field, string text)
    {
        if (ReportPeriod.TryParse(text, out var period))
        {
            return period;
        }

        errors.Add(field, $"'{Truncate(text)}' is not a period; use {ReportPeriod.Forms}.");
        return null;
    }

    /// <summary>The validation problem, then the scope: null when the caller may read <paramref name="orgId"/>'s reports.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(ValidationErrors errors, string orgId, Caller caller, SubtreeScope scope)
    {
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        return await scope.ContainsOrgAsync(caller, orgId) ? null : Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
    }

    /// <summary>
    /// The 404 for a period without a snapshot: <c>org-not-found</c> when the organization neither
    /// exists nor has any report, <c>report-not-found</c> otherwise, saying why there is none.
    /// </summary>
    private static async Task<ProblemHttpResult> NotTakenAsync(IGrainFactory grains, string orgId, ReportPeriod period, TimeProvider time)
    {
        if (!await ExistsAsync(grains, orgId) && (await grains.GetGrain<IOrganizationReportsGrain>(orgId).GetPeriods()).IsEmpty)
        {
            return OrgNotFound(orgId);
        }

        var why = period.End > time.GetUtcNow()
            ? $"{period} has not ended; its snapshot is taken at {period.End:yyyy-MM-dd'T'HH:mm:sszzz}."
            : $"No snapshot of {period} was taken for organization '{orgId}': periods that ended before the schedule first ran, or before the organization existed, have none.";
        return Problems.NotFound(why, DomainErrors.ReportNotFound);
    }

    private static async Task<bool> ExistsAsync(IGrainFactory grains, string orgId) =>
        (await grains.GetGrain<IRollupNode>(orgId).GetChildRollup()).Exists;

    private static ProblemHttpResult OrgNotFound(string orgId) =>
        Problems.NotFound($"Organization '{orgId}' does not exist.", DomainErrors.OrgNotFound);

    private static ProblemHttpResult Forbidden() => Problems.Forbidden("The caller's roles do not read organizations' reports.");

    private static string MetricNames() => string.Join(", ", Metrics.All.Select(m => m.WireName()));

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
