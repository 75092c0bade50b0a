namespace PartyActors.Client;

/// <summary>Commitments (承诺践诺) and supervised handling (督办): docs/commitments.md.</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>
    /// A member commits to a specific, measurable item (the member itself, or a writer whose scope
    /// holds the member); answers the commitment's id. Making it twice makes two, so the call is
    /// retried on 503/429 only with an <paramref name="idempotencyKey"/>.
    /// </summary>
    [ApiOperation("POST /api/v1/members/{memberId}/commitments")]
    public Task<CreatedId> MakeMemberCommitmentAsync(string memberId, MakeCommitmentRequest commitment, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        MakeCommitmentAsync(Route("members", memberId, "commitments"), commitment, idempotencyKey, cancellationToken);

    /// <summary>An organization commits to a specific, measurable item; answers the commitment's id. Retried only with an <paramref name="idempotencyKey"/>.</summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/commitments")]
    public Task<CreatedId> MakeOrganizationCommitmentAsync(string orgId, MakeCommitmentRequest commitment, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        MakeCommitmentAsync(Route("orgs", orgId, "commitments"), commitment, idempotencyKey, cancellationToken);

    /// <summary>The public list (公示) of the organization's own commitments and its members' (counted there), by due date; only those of <paramref name="status"/> (<see cref="CommitmentStatuses"/>) when given.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/commitments")]
    public Task<CommitmentList> ListOrganizationCommitmentsAsync(string orgId, string? status = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "commitments").WithQuery([("status", status)]), ClientJsonContext.Default.CommitmentList, cancellationToken);

    /// <summary>A commitment: owner, target and progress, status, progress entries, reviews and notices.</summary>
    [ApiOperation("GET /api/v1/commitments/{commitmentId}")]
    public Task<Commitment> GetCommitmentAsync(string commitmentId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("commitments", commitmentId), ClientJsonContext.Default.Commitment, cancellationToken);

    /// <summary>Reports progress towards the target; refused (409) once the commitment is done. Each call adds an entry, so it is not retried.</summary>
    [ApiOperation("POST /api/v1/commitments/{commitmentId}/progress")]
    public async Task<Commitment> ReportCommitmentProgressAsync(string commitmentId, CommitmentProgressRequest progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var uri = Route("commitments", commitmentId, "progress");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, progress, ClientJsonContext.ForRequests.CommitmentProgressRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Commitment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the commitment done (践诺), also when it is overdue. Again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/commitments/{commitmentId}/complete")]
    public async Task<Commitment> CompleteCommitmentAsync(string commitmentId, CancellationToken cancellationToken = default)
    {
        var uri = Route("commitments", commitmentId, "complete");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Commitment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a review (评议) of a commitment; each call adds one, so it is not retried.</summary>
    [ApiOperation("POST /api/v1/commitments/{commitmentId}/reviews")]
    public async Task<Commitment> ReviewCommitmentAsync(string commitmentId, CommitmentReviewRequest review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var uri = Route("commitments", commitmentId, "reviews");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, review, ClientJsonContext.ForRequests.CommitmentReviewRequest), retryable: false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Commitment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The open supervised-handling items (督办) of the organization's whole subtree.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/supervision")]
    public Task<SupervisionList> ListSupervisionAsync(string orgId, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "supervision"), ClientJsonContext.Default.SupervisionList, cancellationToken);

    /// <summary>Closes a supervised-handling item with a note saying how it was handled. Closing again changes nothing, so it is retried.</summary>
    [ApiOperation("POST /api/v1/supervision/{itemId}/close")]
    public async Task<SupervisionItem> CloseSupervisionAsync(string itemId, string note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        var uri = Route("supervision", itemId, "close");
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, new CloseSupervisionRequest(note), ClientJsonContext.ForRequests.CloseSupervisionRequest), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.SupervisionItem, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CreatedId> MakeCommitmentAsync(Uri uri, MakeCommitmentRequest commitment, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        using var response = await SendAsync(
            () => WithIdempotencyKey(Json(HttpMethod.Post, uri, commitment, ClientJsonContext.ForRequests.MakeCommitmentRequest), idempotencyKey),
            retryable: idempotencyKey is not null,
            cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.CreatedId, cancellationToken).ConfigureAwait(false);
    }
}
