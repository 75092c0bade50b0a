using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Audit;

/// <summary>The audit trail: <c>GET /api/v1/audit</c>.</summary>
internal static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", ReadAuditTrail)
            .WithSummary("The writes that concerned an organization, newest first (?orgId, ?from and ?to as ISO 8601 times, ?limit=1..1000, default 100); without orgId, the caller's own organization. Admins, and organization admins in their scope.");
        return app;
    }

    // Without orgId: the caller's own scope root, or for an admin the trail of writes that named no
    // existing organization. (Not a doc comment: OpenAPI would show it in place of the summary.)
    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ReadAuditTrail(
        Caller caller, SubtreeScope scope, IGrainFactory grains,
        string? orgId, string? from, string? to, string? limit)
    {
        if (!caller.CanReadAudit)
        {
            return Problems.Forbidden("Only admins and organization admins read the audit trail.");
        }

        var errors = new ValidationErrors();
        errors.CheckId("orgId", orgId, required: false);
        var fromTime = ParseTime(errors, "from", from);
        var toTime = ParseTime(errors, "to", to);
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var trail = orgId ?? caller.OrgId ?? (caller.IsAdmin ? IAuditLogGrain.Unscoped : null);
        if (trail is null)
        {
            return Problems.Forbidden("The token names no organization ('org' claim) whose audit trail could be read.");
        }

        if (trail != IAuditLogGrain.Unscoped && !await scope.ContainsOrgAsync(caller, trail))
        {
            return Problems.Forbidden($"Organization '{trail}' is outside the caller's scope.");
        }

        var items = await grains.GetGrain<IAuditLogGrain>(trail).Read(new AuditQuery(fromTime, toTime, count));
        return TypedResults.Ok(new AuditPage(items));
    }

    private static DateTimeOffset? ParseTime(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        // A '+' offset arrives as a space when the client did not encode the query.
        if (DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors.Add(field, $"'{field}' must be an ISO 8601 time, such as 2026-11-22T08:00:00+08:00.");
        return null;
    }
}

/// <summary>A page of audit entries, newest first.</summary>
internal sealed record AuditPage(ImmutableArray<AuditEntry> Items);
