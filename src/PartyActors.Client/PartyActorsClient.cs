using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PartyActors.Client;

/// <summary>
/// A typed client for the PartyActors v1 HTTP API (docs/api.md). It borrows the
/// <see cref="HttpClient"/> it is given (so the caller chooses handler, pooling and lifetime) and
/// never changes that client's default headers: the bearer token is put on each request. Every
/// error status surfaces as a <see cref="PartyActorsApiException"/> with the server's problem details.
/// </summary>
public sealed partial class PartyActorsClient
{
    private const string ApiRoot = "api/v1/";

    // Large enough that a file upload makes few, big writes to the socket.
    private const int UploadBufferSize = 81_920;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient http;
    private readonly PartyActorsClientOptions options;
    private readonly Uri apiBase;

    /// <param name="httpClient">Used for every call; its <see cref="HttpClient.BaseAddress"/> is the server when <paramref name="options"/> names none.</param>
    public PartyActorsClient(HttpClient httpClient, PartyActorsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        this.options = options ?? new PartyActorsClientOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxRetries, nameof(options));

        var baseAddress = this.options.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Give the server's address in the options or as the HttpClient's BaseAddress.", nameof(options));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The server's address must be absolute, not '{baseAddress}'.", nameof(options));
        }

        // Without a trailing slash, a base like http://host/partyactors would lose its last segment
        // when the API's relative paths are resolved against it.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        apiBase = new Uri(BaseAddress, ApiRoot);
        http = httpClient;
        AccessToken = this.options.AccessToken;
    }

    /// <summary>The server's root; the API lives under <c>api/v1/</c> below it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bearer token for the next calls; null sends none (the HttpClient's own headers then apply).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Creates or updates an organization; a new parent moves its subtree and roll-ups.</summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}")]
    public async Task<PutOutcome> PutOrganizationAsync(string orgId, PutOrganizationRequest organization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var uri = Route("orgs", orgId);
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, organization, ClientJsonContext.ForRequests.PutOrganizationRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return OutcomeOf(response);
    }

    /// <summary>An organization with its children's ids, its roll-up and, for a unit stationed in a community, where it is reported in.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}")]
    public Task<Organization> GetOrganizationAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId), ClientJsonContext.Default.Organization, cancellationToken);

    /// <summary>The organization's figures over its whole subtree.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rollup")]
    public Task<Rollup> GetRollupAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "rollup"), ClientJsonContext.Default.Rollup, cancellationToken);

    /// <summary>The organization's children, ranked by <paramref name="sort"/> (a metric name, see <see cref="RollupMetrics"/>) when given.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/children")]
    public Task<OrganizationChildren> GetChildrenAsync(string orgId, string? sort = null, SortOrder? order = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)>
        {
            ("sort", sort),
            ("order", order switch
            {
                SortOrder.Ascending => "asc",
                SortOrder.Descending => "desc",
                _ => null,
            }),
        };
        return GetAsync(Route("orgs", orgId, "children").WithQuery(query), ClientJsonContext.Default.OrganizationChildren, cancellationToken);
    }

    /// <summary>
    /// The organization's roll-ups as they change: the current one first, then one after each
    /// change, read from the server's event stream as each arrives. Ends when the server closes
    /// the stream; cancel to stop watching.
    /// </summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rollup/stream")]
    public async IAsyncEnumerable<Rollup> WatchRollupAsync(string orgId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var rollupEvent in WatchRollupEventsAsync(orgId, cancellationToken).ConfigureAwait(false))
        {
            yield return rollupEvent.Rollup;
        }
    }

    /// <summary>As <see cref="WatchRollupAsync"/>, with each event's data as the server sent it and its id.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/rollup/stream")]
    public async IAsyncEnumerable<RollupEvent> WatchRollupEventsAsync(string orgId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var uri = Route("orgs", orgId, "rollup", "stream");
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                return request;
            },
            retryable: true,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestException($"The roll-up stream answered with '{mediaType}' instead of text/event-stream.");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var rollupEvent in RollupEventStream.ReadAsync(body, cancellationToken).ConfigureAwait(false))
            {
                yield return rollupEvent;
            }
        }
    }

    /// <summary>The organization's snapshot of a period (<c>2026-11</c>, <c>2026-Q4</c>, <c>2026</c>, China Standard Time), taken when it ended; 404 <c>report-not-found</c> when none was.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/reports")]
    public Task<PeriodReport> GetReportAsync(string orgId, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return GetAsync(Route("orgs", orgId, "reports").WithQuery([("period", period)]), ClientJsonContext.Default.PeriodReport, cancellationToken);
    }

    /// <summary>A page of the periods the organization has snapshots of, newest first; only one <paramref name="granularity"/> (<see cref="ReportGranularities"/>) when given.</summary>
    /// <param name="after">The <see cref="ReportPeriodList.Next"/> of the page before.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/reports")]
    public Task<ReportPeriodList> ListReportsAsync(string orgId, string? granularity = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)>
        {
            ("granularity", granularity),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture)),
            ("after", after),
        };
        return GetAsync(Route("orgs", orgId, "reports").WithQuery(query), ClientJsonContext.Default.ReportPeriodList, cancellationToken);
    }

    /// <summary>
    /// A metric's value (<see cref="RollupMetrics"/>) in each of the organization's snapshots from
    /// <paramref name="from"/> to <paramref name="to"/>: months (<c>2026-01</c>), quarters (<c>2026-Q1</c>) or years (<c>2026</c>).
    /// </summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/trend")]
    public Task<MetricTrend> GetTrendAsync(string orgId, string metric, string from, string to, string? granularity = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        var query = new List<(string, string?)> { ("metric", metric), ("from", from), ("to", to), ("granularity", granularity) };
        return GetAsync(Route("orgs", orgId, "trend").WithQuery(query), ClientJsonContext.Default.MetricTrend, cancellationToken);
    }

    /// <summary>
    /// Copies the statistics table of a period (CSV, UTF-8 with a byte-order mark, as the server sent
    /// it) into <paramref name="destination"/> as it arrives: the organization and every organization
    /// below it, to <paramref name="depth"/> levels when given. Returns the file name the server suggests.
    /// </summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/reports/export")]
    public async Task<string?> DownloadReportTableCsvAsync(string orgId, string period, Stream destination, int? depth = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        ArgumentNullException.ThrowIfNull(destination);
        var uri = Route("orgs", orgId, "reports", "export").WithQuery([("period", period), ("depth", depth?.ToString(CultureInfo.InvariantCulture))]);
        return await DownloadCsvAsync(uri, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports a unit stationed in a community (an agency, institution, enterprise, social organization,
    /// joint branch, or a Party organization of one) in to that community or village (双报到); with
    /// another community, moves the report. Repeating it changes nothing, so it is retried like a read.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/report-in")]
    public async Task<OrganizationReportIn> ReportOrganizationInAsync(string orgId, string communityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(communityId);
        var uri = Route("orgs", orgId, "report-in");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new OrganizationReportInRequest(communityId), ClientJsonContext.ForRequests.OrganizationReportInRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.OrganizationReportIn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Withdraws an organization's report-in; it stays in the history.</summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}/report-in")]
    public Task WithdrawOrganizationReportInAsync(string orgId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", orgId, "report-in")), retryable: true, cancellationToken);

    /// <summary>Where an organization is reported in now, and every earlier report-in, oldest first.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/report-in")]
    public Task<OrganizationReportInHistory> GetOrganizationReportInAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "report-in"), ClientJsonContext.Default.OrganizationReportInHistory, cancellationToken);

    /// <summary>A page of the organizations reported in to a community, by id; pass the page's <see cref="ReportedOrganizationsPage.Next"/> as <paramref name="after"/> for the next.</summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/reported-orgs")]
    public Task<ReportedOrganizationsPage> GetReportedOrganizationsAsync(string communityId, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", communityId, "reported-orgs").WithQuery(query), ClientJsonContext.Default.ReportedOrganizationsPage, cancellationToken);
    }

    /// <summary>
    /// A page of the service feedback for the work units (双报到): each in-service member of record in
    /// the subtree, with what they did where they live in <paramref name="period"/> (a year <c>2026</c>,
    /// a quarter <c>2026-Q4</c> or a month <c>2026-11</c>, China Standard Time).
    /// </summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="ServiceFeedbackPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/service-feedback")]
    public Task<ServiceFeedbackPage> GetServiceFeedbackAsync(string orgId, string period, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        var query = new List<(string, string?)> { ("period", period), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", orgId, "service-feedback").WithQuery(query), ClientJsonContext.Default.ServiceFeedbackPage, cancellationToken);
    }

    /// <summary>
    /// Copies the whole subtree's service feedback as the server's CSV (UTF-8 with a byte-order mark,
    /// for Excel) to <paramref name="destination"/>, as it arrives: a district's file is never held in
    /// memory. <paramref name="destination"/> is left open. A transfer the server cut midway throws.
    /// </summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/service-feedback")]
    public async Task DownloadServiceFeedbackCsvAsync(string orgId, string period, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        ArgumentNullException.ThrowIfNull(destination);
        var uri = Route("orgs", orgId, "service-feedback").WithQuery([("period", period)]);
        await DownloadCsvAsync(uri, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or replaces a member's profile; a new organization of record is a transfer (组织关系接转).</summary>
    [ApiOperation("PUT /api/v1/members/{memberId}")]
    public async Task<PutOutcome> PutMemberAsync(string memberId, PutMemberRequest member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var uri = Route("members", memberId);
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, member, ClientJsonContext.ForRequests.PutMemberRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return OutcomeOf(response);
    }

    /// <summary>The member's profile, personal data masked, with report-in and points.</summary>
    [ApiOperation("GET /api/v1/members/{memberId}")]
    public Task<Member> GetMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("members", memberId), ClientJsonContext.Default.Member, cancellationToken);

    /// <summary>The member leaves: status <c>left</c>, out of every roll-up, history kept.</summary>
    [ApiOperation("DELETE /api/v1/members/{memberId}")]
    public Task DeleteMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("members", memberId)), retryable: true, cancellationToken);

    /// <summary>Reports the member in (双报到) to a grid and its community; with another grid, moves the report.</summary>
    [ApiOperation("POST /api/v1/members/{memberId}/report-in")]
    public Task ReportInAsync(string memberId, string gridId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(gridId);
        var uri = Route("members", memberId, "report-in");
        return SendWithoutAnswerAsync(() => Json(HttpMethod.Post, uri, new ReportInRequest(gridId), ClientJsonContext.ForRequests.ReportInRequest), retryable: false, cancellationToken);
    }

    /// <summary>Withdraws the member's report-in (双报到).</summary>
    [ApiOperation("DELETE /api/v1/members/{memberId}/report-in")]
    public Task WithdrawReportInAsync(string memberId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("members", memberId, "report-in")), retryable: true, cancellationToken);

    /// <summary>The member's points ledger, newest first, optionally between two instants.</summary>
    [ApiOperation("GET /api/v1/members/{memberId}/points")]
    public Task<PointsLedger> GetPointsAsync(string memberId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)>
        {
            ("from", from?.ToString("O", CultureInfo.InvariantCulture)),
            ("to", to?.ToString("O", CultureInfo.InvariantCulture)),
        };
        return GetAsync(Route("members", memberId, "points").WithQuery(query), ClientJsonContext.Default.PointsLedger, cancellationToken);
    }

    /// <summary>A manual award or deduction; its source id makes it safe to repeat.</summary>
    [ApiOperation("POST /api/v1/members/{memberId}/points")]
    public Task AwardPointsAsync(string memberId, PointsAward award, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(award);
        var uri = Route("members", memberId, "points");
        return SendWithoutAnswerAsync(() => Json(HttpMethod.Post, uri, award, ClientJsonContext.ForRequests.PointsAward), retryable: true, cancellationToken);
    }

    /// <summary>
    /// Submits a roster file as a batch. The body is streamed from <paramref name="content"/> as it
    /// is sent, never held in memory whole, so files of any size go up in constant memory.
    /// <paramref name="content"/> is read from its current position and left open. The call is
    /// retried on 503/429 only when <paramref name="content"/> can seek back to where it started.
    /// </summary>
    /// <param name="idempotencyKey">A repeat with the same key returns the first batch and applies nothing twice.</param>
    /// <param name="bytesSent">Told the number of bytes read from <paramref name="content"/> so far, on every read.</param>
    [ApiOperation("POST /api/v1/roster/batches")]
    public async Task<RosterBatchAccepted> SubmitRosterAsync(
        Stream content,
        RosterFormat format,
        string idempotencyKey,
        IProgress<long>? bytesSent = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var contentType = format switch
        {
            RosterFormat.Ndjson => new MediaTypeHeaderValue("application/x-ndjson"),
            RosterFormat.Csv => new MediaTypeHeaderValue("text/csv"),
            RosterFormat.CsvGb18030 => new MediaTypeHeaderValue("text/csv") { CharSet = "gb18030" },
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown roster format."),
        };

        var uri = Route("roster", "batches");
        var start = content.CanSeek ? content.Position : 0;
        var attempts = 0;
        using var response = await SendAsync(
            () =>
            {
                if (attempts++ > 0)
                {
                    content.Position = start;
                }

                var body = new StreamContent(new ProgressReadStream(content, bytesSent), UploadBufferSize);
                body.Headers.ContentType = contentType;
                var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                return request;
            },
            retryable: content.CanSeek,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.RosterBatchAccepted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A roster batch: its status and counts, and the lines rejected so far.</summary>
    [ApiOperation("GET /api/v1/roster/batches/{batchId}")]
    public Task<RosterBatch> GetRosterBatchAsync(string batchId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("roster", "batches", batchId), ClientJsonContext.Default.RosterBatch, cancellationToken);

    /// <summary>Polls a batch until it is completed, telling <paramref name="progress"/> each answer.</summary>
    /// <param name="pollInterval">The pause between polls; default <see cref="PartyActorsClientOptions.RosterPollInterval"/>.</param>
    [ApiOperation("GET /api/v1/roster/batches/{batchId}")]
    public async Task<RosterBatch> WaitForRosterBatchAsync(
        string batchId,
        IProgress<RosterBatch>? progress = null,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? options.RosterPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));
        while (true)
        {
            var batch = await GetRosterBatchAsync(batchId, cancellationToken).ConfigureAwait(false);
            progress?.Report(batch);
            if (batch.IsCompleted)
            {
                return batch;
            }

            await Task.Delay(interval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A development token; only a silo running with <c>Auth:DevTokens=true</c> issues one.</summary>
    [ApiOperation("POST /api/v1/auth/dev-token")]
    public async Task<string> CreateDevTokenAsync(DevTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = Route("auth", "dev-token");

        // Issuing a token changes nothing on the server, so asking again is safe.
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, request, ClientJsonContext.ForRequests.DevTokenRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(response, ClientJsonContext.Default.DevToken, cancellationToken).ConfigureAwait(false)).Token;
    }

    /// <summary>Copies a CSV answer to <paramref name="destination"/> as it arrives; returns the file name the server suggests.</summary>
    private async Task<string?> DownloadCsvAsync(Uri uri, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
                return request;
            },
            retryable: true,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        return response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
    }

    private async Task<T> GetAsync<T>(Uri uri, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendWithoutAnswerAsync(Func<HttpRequestMessage> createRequest, bool retryable, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(createRequest, retryable, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest,
        bool retryable,
        CancellationToken cancellationToken) =>
        SendAsync(createRequest, retryable, HttpCompletionOption.ResponseContentRead, cancellationToken);

    /// <summary>
    /// Sends a request made fresh for each attempt (a sent request cannot be sent again), retrying
    /// a retryable one on 503/429 within the configured bounds, and turns an error status into a
    /// <see cref="PartyActorsApiException"/>. The caller disposes the successful response.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest,
        bool retryable,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            using (var request = createRequest())
            {
                if (AccessToken is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var retryAfter = RetryAfterOf(response);
            var delay = retryAfter ?? options.RetryDelay;
            if (retryable
                && attempt < options.MaxRetries
                && response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
                && delay <= options.MaxRetryDelay)
            {
                response.Dispose();
                await Task.Delay(delay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                throw await ToExceptionAsync(response, retryAfter, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - options.TimeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<PartyActorsApiException> ToExceptionAsync(HttpResponseMessage response, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (isJson && !string.IsNullOrWhiteSpace(body))
        {
            try
            {
                return new PartyActorsApiException(response.StatusCode, ApiProblem.Parse(body), retryAfter);
            }
            catch (JsonException)
            {
                // Not problem details after all: report the text below, like any other body.
            }
        }

        const int MaxBodyInMessage = 500;
        var text = body.Length > MaxBodyInMessage ? string.Concat(body.AsSpan(0, MaxBodyInMessage), "…") : body;
        return new PartyActorsApiException(response.StatusCode, problem: null, retryAfter, text.Trim());
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The server answered {(int)response.StatusCode} with null instead of a {typeof(T).Name}.");

    private static HttpRequestMessage Json<T>(HttpMethod method, Uri uri, T body, JsonTypeInfo<T> typeInfo)
    {
        // Serialized up front so the request carries a Content-Length instead of a chunked body.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return new HttpRequestMessage(method, uri) { Content = content };
    }

    private static PutOutcome OutcomeOf(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Created ? PutOutcome.Created : PutOutcome.Updated;

    private Uri Route(params ReadOnlySpan<string> segments)
    {
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            ArgumentException.ThrowIfNullOrEmpty(segment, nameof(segments));
            if (path.Length > 0)
            {
                path.Append('/');
            }

            path.Append(Uri.EscapeDataString(segment));
        }

        return new Uri(apiBase, path.ToString());
    }
}
