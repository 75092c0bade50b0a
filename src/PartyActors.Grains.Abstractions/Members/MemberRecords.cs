using System.Collections.Immutable;
using System.Text;

namespace PartyActors.Grains;

/// <summary>
/// A member's profile as a caller sets it. <see cref="Phone"/> and <see cref="IdNumber"/> are
/// personal data (PIPL): read paths only ever return them masked, and <see cref="ToString"/> masks
/// them so that a log line cannot leak them.
/// </summary>
/// <param name="OrgId">The organization of record: the one holding the membership, often the work unit's branch.</param>
/// <param name="ResidenceGridId">The grid the member lives in (dual affiliation).</param>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberProfile")]
public sealed record MemberProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] MemberStatus Status,
    [property: Id(2)] MemberCategory Category,
    [property: Id(3)] string OrgId,
    [property: Id(4)] string? ResidenceGridId = null,
    [property: Id(5)] Gender? Gender = null,
    [property: Id(6)] int? BirthYear = null,
    [property: Id(7)] DateOnly? JoinedOn = null,
    [property: Id(8)] string? Phone = null,
    [property: Id(9)] string? IdNumber = null,
    [property: Id(10)] ImmutableArray<string> Skills = default)
{
    private bool PrintMembers(StringBuilder builder)
    {
        PersonalData.Describe(builder, Name, Status, Category, OrgId, ResidenceGridId, Phone, IdNumber);
        return true;
    }
}

/// <summary>Where an in-service member is reported in (双报到): a grid and its community, since when.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.ReportIn")]
public sealed record ReportIn([property: Id(0)] string CommunityId, [property: Id(1)] string GridId, [property: Id(2)] DateTimeOffset At);

/// <summary>A member's points: all time, this month and this year.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberPoints")]
public sealed record MemberPoints([property: Id(0)] long Total, [property: Id(1)] long ThisMonth, [property: Id(2)] long ThisYear);

/// <summary>A member as any read path returns it: personal data masked.</summary>
[GenerateSerializer, Immutable, Alias("PartyActors.MemberDetails")]
public sealed record MemberDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] MemberStatus Status,
    [property: Id(3)] MemberCategory Category,
    [property: Id(4)] string OrgId,
    [property: Id(5)] string? ResidenceGridId,
    [property: Id(6)] Gender? Gender,
    [property: Id(7)] int? BirthYear,
    [property: Id(8)] DateOnly? JoinedOn,
    [property: Id(9)] string? Phone,
    [property: Id(10)] string? IdNumber,
    [property: Id(11)] ImmutableArray<string> Skills,
    [property: Id(12)] ReportIn? ReportedIn,
    [property: Id(13)] MemberPoints Points);

/// <summary>What <see cref="IMemberGrain.SetProfile"/> did.</summary>
[GenerateSerializer, Alias("PartyActors.ProfileOutcome")]
public enum ProfileOutcome
{
    Created,
    Updated,
}

/// <summary>Masks personal data for every read path and log line.</summary>
public static class PersonalData
{
    /// <summary>
    /// Keeps the first three and last four characters of a long value (<c>138****5678</c>), the first
    /// and last of a short one, and hides the rest; null stays null.
    /// </summary>
    public static string? Mask(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length >= 8)
        {
            return string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4));
        }

        return value.Length <= 2 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 1), new string('*', value.Length - 2), value.AsSpan(value.Length - 1));
    }

    /// <summary>
    /// What a record holding a member's profile prints (its <c>ToString</c>): the fields a log line
    /// needs, with phone and ID number masked, so that no log can carry them whole.
    /// </summary>
    public static void Describe(StringBuilder builder, string? name, object? status, object? category, string? orgId,
        string? residenceGridId, string? phone, string? idNumber)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Name = ").Append(name)
            .Append(", Status = ").Append(status)
            .Append(", Category = ").Append(category)
            .Append(", OrgId = ").Append(orgId)
            .Append(", ResidenceGridId = ").Append(residenceGridId)
            .Append(", Phone = ").Append(Mask(phone))
            .Append(", IdNumber = ").Append(Mask(idNumber));
    }
}
