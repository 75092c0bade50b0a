using System.Globalization;

namespace PartyActors.Client;

/// <summary>Residents' requests (群众诉求): docs/requests.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Files a resident's request at a grid, community or village; answers its id and deadline. Filing
    /// twice files two requests, so the call is retried on 503/429 only with an
    /// <paramref name="idempotencyKey"/> (a repeat with the same key returns the first answer).
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/requests")]
    public async Task<ResidentRequestFiled> FileRequestAsync(string orgId, FileResidentRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = Route("orgs", orgId, "requests");
        using var response = await SendAsync(
            () =>
            {
                var message = Json(HttpMethod.Post, uri, request, ClientJsonContext.ForRequests.FileResidentRequest);
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ResidentRequestFiled, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request with its replies, escalations and reopenings.</summary>
    [ApiOperation("GET /api/v1/requests/{requestId}")]
    public Task<ResidentRequest> GetRequestAsync(string requestId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("requests", requestId), ClientJsonContext.Default.ResidentRequest, cancellationToken);

    /// <summary>Answers a request (答复): the clock stops. Each call adds a reply, so it is not retried.</summary>
    [ApiOperation("POST /api/v1/requests/{requestId}/reply")]
    public Task<ResidentRequest> ReplyToRequestAsync(string requestId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return PostRequestAsync(requestId, "reply", new ResidentRequestReply(text), ClientJsonContext.ForRequests.ResidentRequestReply, retryable: false, cancellationToken);
    }

    /// <summary>Assigns a request to a member or an organization (exactly one); again replaces the assignment.</summary>
    [ApiOperation("POST /api/v1/requests/{requestId}/assign")]
    public Task<ResidentRequest> AssignRequestAsync(string requestId, ResidentRequestAssignee assignee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignee);
        return PostRequestAsync(requestId, "assign", assignee, ClientJsonContext.ForRequests.ResidentRequestAssignee, retryable: true, cancellationToken);
    }

    /// <summary>Closes a replied request with the resident's satisfaction (1 to 5); repeating it with the same rating changes nothing.</summary>
    [ApiOperation("POST /api/v1/requests/{requestId}/close")]
    public Task<ResidentRequest> CloseRequestAsync(string requestId, int satisfaction, CancellationToken cancellationToken = default) =>
        PostRequestAsync(requestId, "close", new ResidentRequestRating(satisfaction), ClientJsonContext.ForRequests.ResidentRequestRating, retryable: true, cancellationToken);

    /// <summary>Opens a closed request again with a reason; not retried (a second reopening would be refused, the first's answer lost).</summary>
    [ApiOperation("POST /api/v1/requests/{requestId}/reopen")]
    public Task<ResidentRequest> ReopenRequestAsync(string requestId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return PostRequestAsync(requestId, "reopen", new ResidentRequestReopening(reason), ClientJsonContext.ForRequests.ResidentRequestReopening, retryable: false, cancellationToken);
    }

    /// <summary>A page of the ledger (台账) of the requests filed in the subtree, in filing order.</summary>
    /// <param name="status">One of <see cref="RequestStatuses"/>; all when null.</param>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="ResidentRequestLedgerPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/requests")]
    public Task<ResidentRequestLedgerPage> GetRequestLedgerAsync(string orgId, string? status = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("status", status), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", orgId, "requests").WithQuery(query), ClientJsonContext.Default.ResidentRequestLedgerPage, cancellationToken);
    }

    /// <summary>The SLA table in force.</summary>
    [ApiOperation("GET /api/v1/requests/sla")]
    public Task<RequestSla> GetRequestSlaAsync(CancellationToken cancellationToken = default) =>
        GetAsync(Route("requests", "sla"), ClientJsonContext.Default.RequestSla, cancellationToken);

    /// <summary>Replaces the SLA table (admins); answers the table now in force.</summary>
    [ApiOperation("PUT /api/v1/requests/sla")]
    public async Task<RequestSla> PutRequestSlaAsync(RequestSla sla, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sla);
        var uri = Route("requests", "sla");
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, sla, ClientJsonContext.ForRequests.RequestSla), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.RequestSla, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A year's holidays and make-up working days.</summary>
    [ApiOperation("GET /api/v1/calendar/{year}")]
    public Task<WorkCalendar> GetWorkCalendarAsync(int year, CancellationToken cancellationToken = default) =>
        GetAsync(Route("calendar", year.ToString(CultureInfo.InvariantCulture)), ClientJsonContext.Default.WorkCalendar, cancellationToken);

    /// <summary>Sets a year's calendar (admins); answers it as kept (dates sorted, repeats dropped).</summary>
    [ApiOperation("PUT /api/v1/calendar/{year}")]
    public async Task<WorkCalendar> PutWorkCalendarAsync(WorkCalendar calendar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var uri = Route("calendar", calendar.Year.ToString(CultureInfo.InvariantCulture));
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, calendar, ClientJsonContext.ForRequests.WorkCalendar), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.WorkCalendar, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResidentRequest> PostRequestAsync<T>(
        string requestId, string action, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, bool retryable, CancellationToken cancellationToken)
    {
        var uri = Route("requests", requestId, action);
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, body, typeInfo), retryable, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ResidentRequest, cancellationToken).ConfigureAwait(false);
    }
}
