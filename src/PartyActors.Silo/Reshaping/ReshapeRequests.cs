using System.Collections.Immutable;
using System.Text;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Reshaping;

/// <summary>
/// The body of <c>POST /api/v1/orgs/{orgId}/split</c>: <c>{ newOrg: { id, name, kind?, parentId? },
/// gridIds, memberIds, moveItems?: [ { kind, id } ] }</c>. <c>kind</c>, when given, must be the split
/// community's; <c>parentId</c> defaults to its parent.
/// </summary>
internal sealed record SplitRequest(NewOrgRequest? NewOrg, ImmutableArray<string>? GridIds, ImmutableArray<string>? MemberIds, ImmutableArray<MoveItemRequest>? MoveItems) : IRequestBody
{
    /// <summary>The order, or null with the errors recorded (every field at once).</summary>
    public SplitOrder? Validate(string orgId, ValidationErrors errors, out OrganizationKind? kind)
    {
        ArgumentNullException.ThrowIfNull(errors);
        kind = null;
        errors.CheckId("orgId", orgId, required: true);
        if (NewOrg is null)
        {
            errors.Add("newOrg", "'newOrg' is required: { id, name, kind?, parentId? }.");
        }
        else
        {
            errors.CheckId("newOrg.id", NewOrg.Id, required: true);
            errors.Check("newOrg.name", OrganizationRules.CheckName(NewOrg.Name?.Trim()));
            errors.CheckId("newOrg.parentId", NewOrg.ParentId, required: false);
            kind = errors.ParseEnum<OrganizationKind>("newOrg.kind", NewOrg.Kind, required: false);
        }

        CheckIds(errors, "gridIds", GridIds);
        CheckIds(errors, "memberIds", MemberIds);
        var items = ImmutableArray.CreateBuilder<SourceKey>();
        foreach (var item in MoveItems ?? [])
        {
            errors.CheckId("moveItems", item?.Id, required: true);
            if (item?.Kind is not { } name || !ItemKinds.TryParse(name, out var itemKind))
            {
                errors.Add("moveItems", $"'kind' is one of: {ItemKinds.List}.");
            }
            else if (item.Id is { } id)
            {
                items.Add(new SourceKey(itemKind, id));
            }
        }

        if ((GridIds?.Length ?? 0) + (MemberIds?.Length ?? 0) + items.Count == 0 && errors.IsEmpty)
        {
            errors.Add("gridIds", "A split moves at least one grid, member or item.");
        }

        return errors.IsEmpty
            ? new SplitOrder(orgId, NewOrg!.Id!, NewOrg.Name!.Trim(), NewOrg.ParentId, GridIds ?? [], MemberIds ?? [], items.ToImmutable())
            : null;
    }

    private static void CheckIds(ValidationErrors errors, string field, ImmutableArray<string>? ids)
    {
        if (ids is not { } list)
        {
            return;
        }

        if (list.Length > ReshapeRules.MaxNamed)
        {
            errors.Add(field, $"A split names at most {ReshapeRules.MaxNamed}.");
            return;
        }

        foreach (var id in list)
        {
            errors.CheckId(field, id, required: true);
        }

        if (list.Distinct(StringComparer.Ordinal).Count() != list.Length)
        {
            errors.Add(field, "An id is named twice.");
        }
    }
}

/// <summary>The new community of a split.</summary>
internal sealed record NewOrgRequest(string? Id, string? Name, string? Kind, string? ParentId);

/// <summary>An open item counted at the split community that goes to the new one: its kind and id.</summary>
internal sealed record MoveItemRequest(string? Kind, string? Id);

/// <summary>The body of <c>POST /api/v1/orgs/{orgId}/merge</c>: <c>{ fromOrgId }</c>, the community absorbed.</summary>
internal sealed record MergeRequest(string? FromOrgId) : IRequestBody;

/// <summary>
/// The wire names of the item kinds a split moves: the source kinds in kebab-case (<c>commitment</c>,
/// <c>project</c>, <c>resident-request</c>, <c>organization-report-in</c>, <c>errand</c>, …), so a kind
/// added to <see cref="SourceKind"/> is accepted without another list.
/// </summary>
internal static class ItemKinds
{
    private static readonly Dictionary<string, SourceKind> ByName = Enum.GetValues<SourceKind>()
        .Where(ReshapeRules.IsMovableItem)
        .ToDictionary(Name, k => k, StringComparer.Ordinal);

    public static readonly string List = string.Join(", ", ByName.Keys);

    public static bool TryParse(string name, out SourceKind kind) => ByName.TryGetValue(name, out kind);

    public static string Name(SourceKind kind)
    {
        var text = kind.ToString();
        var name = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(text[i]));
        }

        return name.ToString();
    }
}
