using System.Globalization;

namespace PartyActors.Client;

/// <summary>Assessment (考核): scorecards, the three steps, finalization and rankings (docs/assessment.md).</summary>
public sealed partial class PartyActorsClient
{
    /// <summary>The scorecard in force at the organization for <paramref name="year"/>: its own, else the closest ancestor's; 404 <c>scorecard-not-found</c> when none.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/scorecards/{year}")]
    public Task<ScorecardInForce> GetScorecardAsync(string orgId, int year, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "scorecards", Year(year)), ClientJsonContext.Default.ScorecardInForce, cancellationToken);

    /// <summary>Sets the organization's own scorecard for <paramref name="year"/>, used to assess every organization below it unless one closer sets its own.</summary>
    [ApiOperation("PUT /api/v1/orgs/{orgId}/scorecards/{year}")]
    public async Task<ScorecardInForce> PutScorecardAsync(string orgId, int year, Scorecard scorecard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var uri = Route("orgs", orgId, "scorecards", Year(year));
        using var response = await SendAsync(() => Json(HttpMethod.Put, uri, scorecard, ClientJsonContext.ForRequests.Scorecard), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.ScorecardInForce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the organization's own scorecard for <paramref name="year"/>; years already scored keep the snapshot they took.</summary>
    [ApiOperation("DELETE /api/v1/orgs/{orgId}/scorecards/{year}")]
    public Task DeleteScorecardAsync(string orgId, int year, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Route("orgs", orgId, "scorecards", Year(year))), retryable: true, cancellationToken);

    /// <summary>The organization's assessment for <paramref name="year"/>: score, tier, stars, steps, honours.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/assessments/{year}")]
    public Task<Assessment> GetAssessmentAsync(string orgId, int year, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "assessments", Year(year)), ClientJsonContext.Default.Assessment, cancellationToken);

    /// <summary>
    /// Records one step's scores (<see cref="AssessmentSteps"/>) and answers the assessment as it
    /// now stands. Recording again replaces the step, so the call is retried like a read; 409 once
    /// the year is finalized, 422 when no scorecard assesses the organization.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/assessments/{year}/steps/{step}")]
    public async Task<Assessment> RecordAssessmentStepAsync(string orgId, int year, string step, AssessmentStepScores scores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var uri = Route("orgs", orgId, "assessments", Year(year), "steps", step);
        using var response = await SendAsync(() => Json(HttpMethod.Post, uri, scores, ClientJsonContext.ForRequests.AssessmentStepScores), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Assessment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fixes the year's scores (admins of an organization above); 409 <c>assessment-incomplete</c>
    /// while a step with weight is missing. Finalizing again changes nothing, so it is retried like a read.
    /// </summary>
    [ApiOperation("POST /api/v1/orgs/{orgId}/assessments/{year}/finalize")]
    public async Task<Assessment> FinalizeAssessmentAsync(string orgId, int year, CancellationToken cancellationToken = default)
    {
        var uri = Route("orgs", orgId, "assessments", Year(year), "finalize");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), retryable: true, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, ClientJsonContext.Default.Assessment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The organization's children ranked by their score for <paramref name="year"/>, unranked ones last; only one <paramref name="tier"/> (<see cref="AssessmentTiers"/>) when given.</summary>
    [ApiOperation("GET /api/v1/orgs/{orgId}/assessments/{year}/ranking")]
    public Task<AssessmentRanking> GetAssessmentRankingAsync(string orgId, int year, string? tier = null, CancellationToken cancellationToken = default) =>
        GetAsync(Route("orgs", orgId, "assessments", Year(year), "ranking").WithQuery([("tier", tier)]), ClientJsonContext.Default.AssessmentRanking, cancellationToken);

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
