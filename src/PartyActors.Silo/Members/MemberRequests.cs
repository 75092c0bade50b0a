using System.Text;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Members;

/// <summary>
/// The body of <c>PUT /api/v1/members/{memberId}</c>. Enums travel as their wire names and are
/// parsed here, so an unknown name is a 400 listing the accepted ones. <see cref="Phone"/> and
/// <see cref="IdNumber"/> are personal data: <see cref="ToString"/> masks them, and no message here
/// ever repeats them. <see cref="Correction"/> and <see cref="Reason"/> are not part of the profile:
/// they say how a changed status is recorded (docs/member-status.md).
/// </summary>
internal sealed record PutMemberRequest(
    string? Name,
    string? Status,
    string? Category,
    string? OrgId,
    string? ResidenceGridId = null,
    string? Gender = null,
    int? BirthYear = null,
    DateOnly? JoinedOn = null,
    string? Phone = null,
    string? IdNumber = null,
    IReadOnlyList<string?>? Skills = null,
    bool? Correction = null,
    string? Reason = null) : IRequestBody
{
    /// <summary>Who changes the status and why, for the member's history; the reason's rule checked into <paramref name="errors"/>.</summary>
    public StatusChange Change(ValidationErrors errors, string by)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("reason", MemberStatusPipeline.CheckReason(Reason, Correction ?? false));
        return new StatusChange(by, Reason?.Trim(), EffectiveOn: null, Correction ?? false);
    }

    /// <summary>The profile to set, or null with the errors recorded (the grain's <see cref="MemberRules"/>, every field at once).</summary>
    public MemberProfile? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("name", MemberRules.CheckName(Name?.Trim()));
        var status = errors.ParseEnum<MemberStatus>("status", Status, required: true);
        var category = errors.ParseEnum<MemberCategory>("category", Category, required: true);
        var gender = errors.ParseEnum<Grains.Gender>("gender", Gender, required: false);
        errors.CheckId("orgId", OrgId, required: true);
        errors.CheckId("residenceGridId", ResidenceGridId, required: false);
        errors.Check("birthYear", MemberRules.CheckBirthYear(BirthYear, now));
        errors.Check("joinedOn", MemberRules.CheckJoinedOn(JoinedOn, BirthYear, now));
        errors.Check("phone", MemberRules.CheckPhone(Phone));
        errors.Check("idNumber", MemberRules.CheckIdNumber(IdNumber));
        foreach (var breach in MemberRules.CheckSkills(Skills))
        {
            errors.Add("skills", breach);
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new MemberProfile(
            Name!.Trim(), status!.Value, category!.Value, OrgId!, ResidenceGridId, gender, BirthYear, JoinedOn,
            Phone, IdNumber, Skills is null ? [] : [.. Skills.Select(s => s!.Trim())]);
    }

    private bool PrintMembers(StringBuilder builder)
    {
        PersonalData.Describe(builder, Name, Status, Category, OrgId, ResidenceGridId, Phone, IdNumber);
        return true;
    }
}

/// <summary>The body of <c>POST /api/v1/members/{memberId}/report-in</c>.</summary>
internal sealed record ReportInRequest(string? GridId) : IRequestBody;

/// <summary>The body of <c>POST /api/v1/members/{memberId}/points</c>: a manual award (positive) or deduction (negative).</summary>
internal sealed record AwardPointsRequest(int? Points, string? Reason, string? SourceId) : IRequestBody
{
    /// <summary>The award to record, or null with the errors recorded.</summary>
    public PointsAward? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check("points", PointsRules.CheckPoints(Points));
        errors.Check("reason", PointsRules.CheckReason(Reason?.Trim()));
        errors.CheckId("sourceId", SourceId, required: true);
        return errors.IsEmpty ? new PointsAward(Points!.Value, Reason!.Trim(), PointsSources.Manual, SourceId!) : null;
    }
}
