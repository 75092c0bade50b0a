namespace PartyActors.Grains;

/// <summary>The rules a member's profile must keep, checked before anything changes. Messages never echo personal data.</summary>
internal static class MemberRules
{
    public const int MaxNameLength = 100;
    public const int MaxSkills = 20;
    public const int MaxSkillLength = 50;

    public static void Validate(MemberProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            throw DomainErrors.Invalid("name", "The name must not be empty.");
        }

        if (profile.Name.Length > MaxNameLength)
        {
            throw DomainErrors.Invalid("name", $"The name must be at most {MaxNameLength} characters.");
        }

        if (!Enum.IsDefined(profile.Status))
        {
            throw DomainErrors.Invalid("status", "Unknown status.");
        }

        if (!Enum.IsDefined(profile.Category))
        {
            throw DomainErrors.Invalid("category", "Unknown category.");
        }

        if (profile.Gender is { } gender && !Enum.IsDefined(gender))
        {
            throw DomainErrors.Invalid("gender", "Unknown gender.");
        }

        if (string.IsNullOrWhiteSpace(profile.OrgId))
        {
            throw DomainErrors.Invalid("orgId", "The organization of record is required.");
        }

        if (profile.BirthYear is { } birthYear && (birthYear < 1900 || birthYear > now.Year))
        {
            throw DomainErrors.Invalid("birthYear", $"The birth year must be between 1900 and {now.Year}.");
        }

        if (profile.JoinedOn is { } joinedOn)
        {
            if (joinedOn > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
            {
                throw DomainErrors.Invalid("joinedOn", "The joining date cannot be in the future.");
            }

            if (profile.BirthYear is { } born && joinedOn.Year < born + 14)
            {
                throw DomainErrors.Invalid("joinedOn", "The joining date is before the member's fourteenth year.");
            }
        }

        if (profile.Phone is { } phone && (phone.Length is < 5 or > 20 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')))
        {
            throw DomainErrors.Invalid("phone", "The phone number must be 5 to 20 digits (with optional +, - or spaces).");
        }

        if (profile.IdNumber is { } idNumber && !IsIdNumber(idNumber))
        {
            throw DomainErrors.Invalid("idNumber", "The ID number must be 18 characters (digits, the last may be X) or 15 digits.");
        }

        if (!profile.Skills.IsDefault)
        {
            if (profile.Skills.Length > MaxSkills)
            {
                throw DomainErrors.Invalid("skills", $"At most {MaxSkills} skills.");
            }

            if (profile.Skills.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > MaxSkillLength))
            {
                throw DomainErrors.Invalid("skills", $"Each skill must be 1 to {MaxSkillLength} characters.");
            }
        }
    }

    private static bool IsIdNumber(string value) => value.Length switch
    {
        18 => value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') is false && (char.IsAsciiDigit(value[17]) || value[17] is 'X' or 'x'),
        15 => !value.AsSpan().ContainsAnyExceptInRange('0', '9'),
        _ => false,
    };
}
