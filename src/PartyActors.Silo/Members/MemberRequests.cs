using System.Text;
using PartyActors.Grains;
using PartyActors.Silo.Http;

namespace PartyActors.Silo.Members;

/// <summary>
/// The body of <c>PUT /api/v1/members/{memberId}</c>. Enums travel as their wire names and are
/// parsed here, so an unknown name is a 400 listing the accepted ones. <see cref="Phone"/> and
/// <see cref="IdNumber"/> are personal data: <see cref="ToString"/> masks them, and no message here
/// ever repeats them.
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
    IReadOnlyList<string?>? Skills = null) : IRequestBody
{
    // The member grain's own limits (MemberRules), checked here first so that a bad body never reaches it.
    public const int MaxNameLength = 100;
    public const int MaxSkills = 20;
    public const int MaxSkillLength = 50;
    public const int MinBirthYear = 1900;

    /// <summary>The profile to set, or null with the errors recorded.</summary>
    public MemberProfile? Validate(ValidationErrors errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.RequireText("name", Name, MaxNameLength);
        var status = errors.ParseEnum<MemberStatus>("status", Status, required: true);
        var category = errors.ParseEnum<MemberCategory>("category", Category, required: true);
        var gender = errors.ParseEnum<Grains.Gender>("gender", Gender, required: false);
        errors.CheckId("orgId", OrgId, required: true);
        errors.CheckId("residenceGridId", ResidenceGridId, required: false);
        if (BirthYear is { } born && (born < MinBirthYear || born > now.Year))
        {
            errors.Add("birthYear", $"'birthYear' must be from {MinBirthYear} to {now.Year}.");
        }

        if (JoinedOn is { } joined)
        {
            if (joined > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
            {
                errors.Add("joinedOn", "'joinedOn' cannot be in the future.");
            }
            else if (BirthYear is { } birthYear && joined.Year < birthYear + 14)
            {
                errors.Add("joinedOn", "'joinedOn' is before the member's fourteenth year.");
            }
        }

        if (Phone is not null && (Phone.Length is < 5 or > 20 || !Phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')))
        {
            errors.Add("phone", "'phone' must be 5 to 20 characters: digits, with optional '+', '-' or spaces.");
        }

        if (IdNumber is not null && !IsIdNumber(IdNumber))
        {
            errors.Add("idNumber", "'idNumber' must be 18 characters (digits, the last may be X) or 15 digits.");
        }

        if (Skills is not null)
        {
            if (Skills.Count > MaxSkills)
            {
                errors.Add("skills", $"At most {MaxSkills} skills.");
            }

            if (Skills.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > MaxSkillLength))
            {
                errors.Add("skills", $"Each skill must be 1 to {MaxSkillLength} characters.");
            }
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
        builder.Append("Name = ").Append(Name)
            .Append(", Status = ").Append(Status)
            .Append(", Category = ").Append(Category)
            .Append(", OrgId = ").Append(OrgId)
            .Append(", ResidenceGridId = ").Append(ResidenceGridId)
            .Append(", Phone = ").Append(PersonalData.Mask(Phone))
            .Append(", IdNumber = ").Append(PersonalData.Mask(IdNumber));
        return true;
    }

    private static bool IsIdNumber(string value) => value.Length switch
    {
        18 => !value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') && (char.IsAsciiDigit(value[17]) || value[17] is 'X' or 'x'),
        15 => !value.AsSpan().ContainsAnyExceptInRange('0', '9'),
        _ => false,
    };
}

/// <summary>The body of <c>POST /api/v1/members/{memberId}/report-in</c>.</summary>
internal sealed record ReportInRequest(string? GridId) : IRequestBody;
