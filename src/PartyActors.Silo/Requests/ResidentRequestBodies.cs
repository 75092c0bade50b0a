using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Requests;

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/requests</c>.</summary>
internal sealed record FileResidentRequestBody(string? Title, string? Category, string? Channel) : IRequestBody
{
    /// <summary>The filing, or null with every breach recorded.</summary>
    public RequestFiling? Validate(string orgId, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("title", RequestRules.CheckTitle(Title));
        errors.Check("category", RequestRules.CheckCategory(Category));
        var channel = errors.ParseEnum<RequestChannel>("channel", Channel, required: true);
        return errors.IsEmpty ? new RequestFiling(orgId, Title!.Trim(), Category!.Trim(), channel!.Value) : null;
    }
}

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reply</c>.</summary>
internal sealed record ReplyResidentRequestBody(string? Text) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/assign</c>: exactly one of a member and an organization.</summary>
internal sealed record AssignResidentRequestBody(string? MemberId, string? OrgId) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/close</c>.</summary>
internal sealed record CloseResidentRequestBody(int? Satisfaction) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/requests/{requestId}/reopen</c>.</summary>
internal sealed record ReopenResidentRequestBody(string? Reason) : IRequestBody;

/// <summary>The body of <c>PUT /api/v1/calendar/{year}</c>: the year's holidays and make-up working days (调休), dates in China Standard Time.</summary>
internal sealed record PutWorkCalendarBody(ImmutableArray<DateOnly>? Holidays, ImmutableArray<DateOnly>? Workdays) : IRequestBody;

/// <summary>The answer to filing a request.</summary>
internal sealed record ResidentRequestFiled(string Id, DateTimeOffset DueAt);

/// <summary>A page of a subtree's ledger (台账) of requests.</summary>
/// <param name="Next">The id to pass as <c>after</c> for the next page; null on the last.</param>
internal sealed record ResidentRequestLedgerPage(string OrgId, string? Status, ImmutableArray<RequestLedgerEntry> Items, string? Next);
