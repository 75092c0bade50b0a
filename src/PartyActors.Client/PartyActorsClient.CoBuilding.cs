using System.Globalization;

namespace PartyActors.Client;

/// <summary>Co-building with stationed units (共驻共建): docs/co-building.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// Signs a co-building agreement of a community with a unit stationed in it. Signing twice signs two
    /// agreements, so the call is retried on 503/429 only with an <paramref name="idempotencyKey"/>.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/agreements")]
    public Task<Agreement> SignAgreementAsync(string communityId, SignAgreementRequest agreement, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return PostAsync(Route("orgs", communityId, "agreements"), agreement, ClientJsonContext.ForRequests.SignAgreementRequest,
            ClientJsonContext.Default.Agreement, idempotencyKey, cancellationToken);
    }

    /// <summary>An agreement with its items.</summary>
    [ApiOperation("GET /api/v1/agreements/{agreementId}")]
    public Task<Agreement> GetAgreementAsync(string agreementId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("agreements", agreementId), ClientJsonContext.Default.Agreement, cancellationToken);

    /// <summary>A page of a community's agreements, or with <paramref name="subtree"/> of every community below an organization.</summary>
    /// <param name="status"><c>active</c> or <c>terminated</c>; all when null.</param>
    [ApiOperation("GET /api/v1/orgs/{orgId}/agreements")]
    public Task<AgreementPage> GetAgreementsAsync(
        string orgId, bool subtree = false, string? status = null, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)>
        {
            ("subtree", subtree ? "true" : null), ("status", status), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after),
        };
        return GetAsync(Route("orgs", orgId, "agreements").WithQuery(query), ClientJsonContext.Default.AgreementPage, cancellationToken);
    }

    /// <summary>Adds items to an agreement in force; not retried (a repeat would add them twice).</summary>
    [ApiOperation("POST /api/v1/agreements/{agreementId}/items")]
    public Task<Agreement> AddAgreementItemsAsync(string agreementId, IReadOnlyList<AgreementItemRequest> items, CancellationToken cancellationToken = default) =>
        PostAsync(Route("agreements", agreementId, "items"), new AddAgreementItemsRequest(items), ClientJsonContext.ForRequests.AddAgreementItemsRequest,
            ClientJsonContext.Default.Agreement, idempotencyKey: null, cancellationToken);

    /// <summary>Marks an item done (an overdue one: done late); again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/agreements/{agreementId}/items/{itemId}/complete")]
    public Task<Agreement> CompleteAgreementItemAsync(string agreementId, string itemId, string? note = null, CancellationToken cancellationToken = default) =>
        PostAsync(Route("agreements", agreementId, "items", itemId, "complete"), new CompleteAgreementItemRequest(note),
            ClientJsonContext.ForRequests.CompleteAgreementItemRequest, ClientJsonContext.Default.Agreement, idempotencyKey: "", cancellationToken);

    /// <summary>Terminates an agreement: its open items are cancelled. Again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/agreements/{agreementId}/terminate")]
    public Task<Agreement> TerminateAgreementAsync(string agreementId, string note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        return PostAsync(Route("agreements", agreementId, "terminate"), new TerminateAgreementRequest(note),
            ClientJsonContext.ForRequests.TerminateAgreementRequest, ClientJsonContext.Default.Agreement, idempotencyKey: "", cancellationToken);
    }

    /// <summary>Records a joint meeting (联席会议); retried on 503/429 only with an <paramref name="idempotencyKey"/>.</summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/joint-meetings")]
    public Task<JointMeeting> RecordJointMeetingAsync(string communityId, RecordJointMeetingRequest meeting, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return PostAsync(Route("orgs", communityId, "joint-meetings"), meeting, ClientJsonContext.ForRequests.RecordJointMeetingRequest,
            ClientJsonContext.Default.JointMeeting, idempotencyKey, cancellationToken);
    }

    /// <summary>A page of a community's joint meetings, oldest first.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/joint-meetings")]
    public Task<JointMeetingPage> GetJointMeetingsAsync(string communityId, int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<(string, string?)> { ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("after", after) };
        return GetAsync(Route("orgs", communityId, "joint-meetings").WithQuery(query), ClientJsonContext.Default.JointMeetingPage, cancellationToken);
    }

    /// <summary>Seats a member of a stationed unit as a part-time committee member (兼职委员); again replaces the seat.</summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}/committee/{memberId}")]
    public async Task<CommitteeSeat> SeatCommitteeMemberAsync(string communityId, string memberId, SeatCommitteeMemberRequest seat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seat);
        var uri = Route("orgs", communityId, "committee", memberId);
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, seat, ClientJsonContext.ForRequests.SeatCommitteeMemberRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.CommitteeSeat, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a part-time committee member's seat; without one, changes nothing.</summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}/committee/{memberId}")]
    public Task UnseatCommitteeMemberAsync(string communityId, string memberId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", communityId, "committee", memberId)), retryable: true, cancellationToken);

    /// <summary>A community's part-time committee members with their names and units.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/committee")]
    public Task<CommitteeList> GetCommitteeAsync(string communityId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", communityId, "committee"), ClientJsonContext.Default.CommitteeList, cancellationToken);

    /// <summary>
    /// Posts a body and reads the answer. Retried on 503/429 when <paramref name="idempotencyKey"/> is
    /// given: a non-empty key goes as the <c>Idempotency-Key</c> header; an empty one marks a route
    /// idempotent by itself.
    /// </summary>
    private async Task<TAnswer> PostAsync<TBody, TAnswer>(
        Uri uri, TBody body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TBody> bodyInfo,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TAnswer> answerInfo, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var message = Json(HttpMethod.Post, uri, body, bodyInfo);
                if (!string.IsNullOrEmpty(idempotencyKey))
                {
                    message.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                return message;
            },
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, answerInfo, cancellationToken).ConfigureAwait(false);
    }
}
