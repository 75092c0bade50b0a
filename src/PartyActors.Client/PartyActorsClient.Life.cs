using System.Globalization;

namespace PartyActors.Client;

/// <summary>Organizational life (三会一课): templates, compliance and meetings (docs/organizational-life.md).</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>The organization's organizational life now: what is required of it, its figures in the cycles under way and its reminders.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/life")]
    public Task<OrganizationLife> GetLifeAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "life"), ClientJsonContext.Default.OrganizationLife, cancellationToken);

    /// <summary>The template that applies at the organization: its kind's requirements, where they come from, and its own template.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/life/template")]
    public Task<LifeTemplateView> GetLifeTemplateAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "life", "template"), ClientJsonContext.Default.LifeTemplateView, cancellationToken);

    /// <summary>
    /// Sets the organization's own template, inherited by its subtree for the kinds it names; the
    /// server recounts the subtree's figures before it answers (<see cref="LifeTemplateView.Refreshed"/>).
    /// Setting the same template again changes nothing, so the call is retried like a read.
    /// </summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}/life/template")]
    public async Task<LifeTemplateView> PutLifeTemplateAsync(string orgId, LifeTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var uri = Route("orgs", orgId, "life", "template");
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, template, ClientJsonContext.ForRequests.LifeTemplate), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.LifeTemplateView, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the organization's own template: it and its subtree inherit again.</summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}/life/template")]
    public Task DeleteLifeTemplateAsync(string orgId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", orgId, "life", "template")), retryable: true, cancellationToken);

    /// <summary>
    /// Held against required in <paramref name="period"/> (<c>2026</c>, <c>2026-Q4</c> or
    /// <c>2026-11</c>, China Standard Time): every cycle of each requirement overlapping it, met,
    /// due, missed or upcoming.
    /// </summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/life/compliance")]
    public Task<LifeCompliance> GetLifeComplianceAsync(string orgId, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return GetAsync(Route("orgs", orgId, "life", "compliance").WithQuery([("period", period)]), ClientJsonContext.Default.LifeCompliance, cancellationToken);
    }

    /// <summary>The organizations of the subtree (the organization included) that missed a required activity in <paramref name="period"/>, most missed first.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/life/noncompliant")]
    public Task<NoncompliantOrganizations> GetNoncompliantOrganizationsAsync(string orgId, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        return GetAsync(Route("orgs", orgId, "life", "noncompliant").WithQuery([("period", period)]), ClientJsonContext.Default.NoncompliantOrganizations, cancellationToken);
    }

    /// <summary>
    /// Records a meeting the organization held; answers the record with its id and quorum check.
    /// Recording twice records two meetings, so the call is retried on 503/429 only with an
    /// <paramref name="idempotencyKey"/> (a repeat with the same key returns the first answer).
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/meetings")]
    public async Task<Meeting> RecordMeetingAsync(string orgId, RecordMeetingRequest meeting, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var uri = Route("orgs", orgId, "meetings");
        using var response = await SendAsync(
            () =>
            {
                var message = Json(HttpMethod.Post, uri, meeting, ClientJsonContext.ForRequests.RecordMeetingRequest);
                if (idempotencyKey is not null)
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Meeting, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of the organization's meetings by date, only those dated in <paramref name="period"/> when given.</summary>
    /// <param name="limit">1 to 1000; the server's default (100) when null.</param>
    /// <param name="after">The previous page's <see cref="MeetingPage.Next"/>.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/meetings")]
    public Task<MeetingPage> ListMeetingsAsync(string orgId, string? period = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("period", period), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", orgId, "meetings").WithQuery(query), ClientJsonContext.Default.MeetingPage, cancellationToken);
    }

    /// <summary>A meeting as recorded: minutes, attendees and the quorum check.</summary>
    [ApiOperation("GET /api/v1/meetings/{meetingId}")]
    public Task<Meeting> GetMeetingAsync(string meetingId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("meetings", meetingId), ClientJsonContext.Default.Meeting, cancellationToken);
}
