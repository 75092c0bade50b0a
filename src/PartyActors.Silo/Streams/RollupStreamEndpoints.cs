using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;
using PartyActors.Silo.WebUi;

namespace PartyActors.Silo.Streams;

/// <summary>Live roll-ups as server-sent events: <c>GET /api/v1/orgs/{orgId}/rollup/stream</c>.</summary>
internal static class RollupStreamEndpoints
{
    public static IEndpointRouteBuilder MapRollupStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/orgs/{orgId}/rollup/stream", StreamRollups)
            .WithTags("Organizations")
            .AcceptStreamTickets()
            .WithSummary("text/event-stream of the organization's roll-up: one event at once, then one per change, at most ten a second. Browsers, whose EventSource sends no header, may pass a stream ticket as ?ticket= instead (POST /api/v1/streams/tickets).");
        return app;
    }

    public static async Task<Results<RollupEventStream, ProblemHttpResult>> StreamRollups(
        string orgId, Caller caller, SubtreeScope scope, RollupFeeds feeds, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (!Ids.IsValid(orgId))
        {
            return Problems.Invalid("orgId", "Ids are " + Ids.Rule + ".");
        }

        if (!caller.CanReadOrganizations)
        {
            return Problems.Forbidden("The caller's roles do not read organizations.");
        }

        if (!await scope.ContainsOrgAsync(caller, orgId))
        {
            return Problems.Forbidden($"Organization '{orgId}' is outside the caller's scope.");
        }

        // Subscribe before reading the current figures, so no change falls between the two.
        var subscription = await feeds.SubscribeAsync(orgId, http.RequestAborted);
        if (subscription is null)
        {
            return Problems.Unavailable(http, $"This silo already serves {feeds.Options.MaxConnections} roll-up streams.", code: "too-many-streams");
        }

        try
        {
            var current = await grains.GetGrain<IOrganizationGrain>(orgId).GetRollup();
            return new RollupEventStream(subscription, feeds.Encoder.Encode(current), feeds.Options, time);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }
}
