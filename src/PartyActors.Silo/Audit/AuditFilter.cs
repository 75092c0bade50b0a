using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Audit;

/// <summary>What a handler tells the audit about its write: the organizations it concerned and the resource.</summary>
internal sealed class AuditFeature
{
    private readonly List<string> _orgIds = [];

    public IReadOnlyList<string> OrgIds => _orgIds;

    /// <summary>The resource written; the first <c>…Id</c> route value when the handler names none.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Records that the write concerned <paramref name="orgId"/> (its trail gets the entry); nulls and repeats are ignored.</summary>
    public void Concerns(string? orgId)
    {
        if (orgId is not null && Ids.IsValid(orgId) && !_orgIds.Contains(orgId, StringComparer.Ordinal))
        {
            _orgIds.Add(orgId);
        }
    }
}

internal static class AuditHttpContextExtensions
{
    /// <summary>The audit record of the current write (a detached one outside audited routes, so handlers need not care).</summary>
    public static AuditFeature Audit(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<AuditFeature>() is not { } feature)
        {
            feature = new AuditFeature();
            context.Features.Set(feature);
        }

        return feature;
    }
}

/// <summary>
/// Records every write that reaches its handler (PUT, POST, DELETE) in the audit trail of each
/// organization it concerned, before the answer leaves: who, what, the answer's status, when, from
/// where. If the trail cannot be written the client gets 503 and retries (the routes are idempotent),
/// so no acknowledged write goes unaudited. Requests refused before their handler (401, 413 on a
/// declared length, 429, unreadable JSON, and 415 for JSON bodies) are not audited; the request log
/// has them. The roster upload checks its own content type in its handler, so its 415s are audited.
/// </summary>
internal sealed class AuditFilter(IGrainFactory grains, TimeProvider time, ILogger<AuditFilter> logger) : IEndpointFilter
{
    private const int MaxUserAgentLength = 256;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return await next(context);
        }

        var audit = http.Audit();

        // A write addressed to an organization always lands in its trail, refusals included.
        audit.Concerns(http.Request.RouteValues.TryGetValue("orgId", out var orgId) ? orgId as string : null);
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception exception)
        {
            // Recorded with the status the exception handler will answer (a grain refusal or an unavailable silo is not a 500).
            await TryRecordAsync(http, audit, Problems.FromException(exception, http)?.StatusCode ?? StatusCodes.Status500InternalServerError);
            throw;
        }

        var status = Problems.StatusOf(result);
        if (!await TryRecordAsync(http, audit, status) && status < 400)
        {
            return Problems.Unavailable(http, "The change was made but its audit record could not be written; retry the request (it is idempotent).", code: "audit-unavailable");
        }

        return result;
    }

    private async Task<bool> TryRecordAsync(HttpContext http, AuditFeature audit, int status)
    {
        var caller = Caller.FromPrincipal(http.User);
        var resourceId = audit.ResourceId ?? FirstIdRouteValue(http);
        var orgIds = audit.OrgIds.Count > 0 ? audit.OrgIds : [IAuditLogGrain.Unscoped];
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var entry = new AuditEntry(
            time.GetUtcNow(),
            caller.Subject,
            caller.Roles.IsDefault ? ImmutableArray<string>.Empty : caller.Roles,
            http.Request.Method,
            http.Request.Path.Value ?? "/",
            (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText,
            resourceId,
            null,
            status,
            http.Connection.RemoteIpAddress?.ToString(),
            userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)]);
        try
        {
            await Task.WhenAll(orgIds.Select(orgId => grains.GetGrain<IAuditLogGrain>(orgId)
                .Record(entry with { OrgId = orgId == IAuditLogGrain.Unscoped ? null : orgId })));
            return true;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not audit {Method} {Path} by {Subject} (the handler answered {Status}; a success is answered 503 audit-unavailable instead).", entry.Method, entry.Path, entry.Sub, status);
            return false;
        }
    }

    private static string? FirstIdRouteValue(HttpContext http)
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id)
            {
                return id;
            }
        }

        return null;
    }
}
