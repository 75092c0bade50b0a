using Microsoft.AspNetCore.Http.HttpResults;
using PartyActors.Grains;
using PartyActors.Silo.Audit;
using PartyActors.Silo.Auth;

namespace PartyActors.Silo.Http;

/// <summary>What a caller wants to do with an item that lives in organizations' scopes (<see cref="ScopedItems{TDetails}"/>).</summary>
internal enum ItemAccess
{
    /// <summary>Readers in scope, and the item's owner.</summary>
    Read,

    /// <summary>Writers in scope only.</summary>
    Work,

    /// <summary>Writers in scope, and the item's owner.</summary>
    OwnerWork,
}

/// <summary>
/// How the HTTP layer checks and reaches one item of a mechanism whose items are counted at one
/// organization and answered for at a second (requests: filed / responsible; errands: counted /
/// taken), and owned by one caller (the resident who filed a request, the cadre running an errand).
/// One description per mechanism, so every route of both checks ids, roles and scope the same way.
/// </summary>
/// <param name="Noun">The item in messages, capitalised: <c>Request</c>, <c>Errand</c>.</param>
/// <param name="IdField">The route parameter of its id: <c>requestId</c>, <c>errandId</c>.</param>
/// <param name="NotFoundCode">The 404's problem code.</param>
/// <param name="OwnerRole">The role an owner holds (<see cref="Role"/>).</param>
/// <param name="WorkRefusal">The 403's detail for a caller who holds no writer's role.</param>
/// <param name="ReadAsync">The item's details; null when it does not exist.</param>
/// <param name="OrgsOf">The two organizations whose scope holds the item (they may be the same).</param>
/// <param name="IsOwner">Whether the caller owns the item.</param>
internal sealed record ScopedItems<TDetails>(
    string Noun,
    string IdField,
    string NotFoundCode,
    string OwnerRole,
    string WorkRefusal,
    Func<IGrainFactory, string, Task<TDetails?>> ReadAsync,
    Func<TDetails, (string Counted, string Answering)> OrgsOf,
    Func<TDetails, Caller, bool> IsOwner)
    where TDetails : class
{
    /// <summary>400 for a bad id or a body breach that <paramref name="check"/> records; null when both pass.</summary>
    public ProblemHttpResult? Check(string id, Action<ValidationErrors> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var errors = new ValidationErrors();
        errors.CheckId(IdField, id, required: true);
        check(errors);
        return errors.IsEmpty ? null : Problems.Validation(errors);
    }

    /// <summary>
    /// The item if the caller reaches it for <paramref name="access"/>: its owner (unless
    /// <see cref="ItemAccess.Work"/>), otherwise readers or writers whose scope holds either of its
    /// organizations. With <paramref name="http"/> (writes), both organizations are named in the audit.
    /// </summary>
    public async Task<(TDetails? Details, ProblemHttpResult? Refused)> ReachAsync(
        string id, ItemAccess access, Caller caller, SubtreeScope scope, IGrainFactory grains, HttpContext? http)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        var worker = access == ItemAccess.Read ? caller.CanReadMembers : caller.CanWriteMembers;
        var owner = access != ItemAccess.Work && caller.Has(OwnerRole);
        if (!worker && !owner)
        {
            return (null, Problems.Forbidden(access == ItemAccess.Work ? WorkRefusal : $"The caller's roles do not reach {Noun.ToLowerInvariant()}s."));
        }

        if (!Ids.IsValid(id))
        {
            return (null, Problems.Invalid(IdField, "Ids are " + Ids.Rule + "."));
        }

        if (await ReadAsync(grains, id) is not { } details)
        {
            return (null, Problems.NotFound($"{Noun} '{id}' does not exist.", NotFoundCode));
        }

        var (counted, answering) = OrgsOf(details);
        http?.Audit().Concerns(counted);
        http?.Audit().Concerns(answering);
        var owns = owner && IsOwner(details, caller);
        return owns || (worker && (await scope.ContainsOrgAsync(caller, counted) || await scope.ContainsOrgAsync(caller, answering)))
            ? (details, null)
            : (null, Problems.Forbidden($"{Noun} '{id}' is outside the caller's scope."));
    }
}
