namespace PartyActors.Grains;

/// <summary>
/// The rules a member's profile must keep: the member grain checks them before anything changes, and
/// the HTTP API checks the same ones before it calls a grain, so that it can name every bad field at
/// once. Each <c>Check…</c> answers why a value breaks its rule, or null when it keeps it; messages
/// name the field and never echo personal data.
/// </summary>
public static class MemberRules
{
    public const int MaxNameLength = 100;
    public const int MaxSkills = 20;
    public const int MaxSkillLength = 50;
    public const int MinBirthYear = 1900;

    /// <summary>The youngest age at which a joining date is taken as plausible rather than a typing error.</summary>
    public const int MinJoiningAge = 14;

    public static string? CheckName(string? name) => TextRules.CheckRequired("name", name, MaxNameLength);

    public static string? CheckBirthYear(int? birthYear, DateTimeOffset now) =>
        birthYear is { } born && (born < MinBirthYear || born > now.Year) ? $"'birthYear' must be from {MinBirthYear} to {now.Year}." : null;

    /// <summary>Not in the future (a day's grace for time zones), nor before the member's fourteenth year.</summary>
    public static string? CheckJoinedOn(DateOnly? joinedOn, int? birthYear, DateTimeOffset now)
    {
        if (joinedOn is not { } joined)
        {
            return null;
        }

        if (joined > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
        {
            return "'joinedOn' cannot be in the future.";
        }

        return birthYear is { } born && joined.Year < born + MinJoiningAge ? "'joinedOn' is before the member's fourteenth year." : null;
    }

    public static string? CheckPhone(string? phone) =>
        phone is not null && (phone.Length is < 5 or > 20 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '))
            ? "'phone' must be 5 to 20 characters: digits, with optional '+', '-' or spaces."
            : null;

    /// <summary>居民身份证号码: 18 characters (17 digits and a check character, digit or X), or the old 15 digits.</summary>
    public static string? CheckIdNumber(string? idNumber) =>
        idNumber is not null && !IsIdNumber(idNumber) ? "'idNumber' must be 18 characters (digits, the last may be X) or 15 digits." : null;

    /// <summary>Every rule the skills break: too many, and a blank or too long one.</summary>
    public static IEnumerable<string> CheckSkills(IReadOnlyCollection<string?>? skills)
    {
        if (skills is null)
        {
            yield break;
        }

        if (skills.Count > MaxSkills)
        {
            yield return $"At most {MaxSkills} skills.";
        }

        if (skills.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > MaxSkillLength))
        {
            yield return $"Each skill must be 1 to {MaxSkillLength} characters.";
        }
    }

    /// <summary>Throws the first rule <paramref name="profile"/> breaks as a <see cref="DomainException"/> naming its field.</summary>
    public static void Validate(MemberProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Throw("name", CheckName(profile.Name));
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

        Throw("birthYear", CheckBirthYear(profile.BirthYear, now));
        Throw("joinedOn", CheckJoinedOn(profile.JoinedOn, profile.BirthYear, now));
        Throw("phone", CheckPhone(profile.Phone));
        Throw("idNumber", CheckIdNumber(profile.IdNumber));
        if (!profile.Skills.IsDefault)
        {
            Throw("skills", CheckSkills(profile.Skills).FirstOrDefault());
        }
    }

    private static void Throw(string field, string? breach)
    {
        if (breach is not null)
        {
            throw DomainErrors.Invalid(field, breach);
        }
    }

    private static bool IsIdNumber(string value) => value.Length switch
    {
        18 => !value.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') && (char.IsAsciiDigit(value[17]) || value[17] is 'X' or 'x'),
        15 => !value.AsSpan().ContainsAnyExceptInRange('0', '9'),
        _ => false,
    };
}
