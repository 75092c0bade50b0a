using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Auth;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Sla;

/// <summary>
/// Reading and replacing an SLA table (<see cref="ISlaTableGrain"/>), the same for requests and
/// errands. Each mechanism maps its own <c>GET/PUT …/sla</c> routes (their summaries differ) and calls these.
/// </summary>
internal static class SlaTableEndpoints
{
    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> GetAsync(ISlaTableGrain table) =>
        TypedResults.Ok(await table.GetSla());

    /// <summary>
    /// Admins only (<paramref name="refusal"/> for others). The body's shape is checked here, a 400 for
    /// every breach; what the mechanism allows as categories is checked by its grain, a 400 naming the rule.
    /// </summary>
    public static async Task<Results<Ok<SlaTable>, ProblemHttpResult>> PutAsync(ISlaTableGrain table, PutSlaTableBody body, Caller caller, string refusal)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden(refusal);
        }

        var errors = new ValidationErrors();
        return body.Validate(errors) is { } parsed
            ? TypedResults.Ok(await table.SetSla(parsed))
            : Problems.Validation(errors);
    }
}
