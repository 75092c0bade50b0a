namespace PartyActors.Grains;

/// <summary>The id rule of api.md, for every organization, member and batch id the service accepts.</summary>
public static class Ids
{
    public const int MaxLength = 64;

    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1 to 64 characters: letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    /// <summary>
    /// Whether <paramref name="id"/> matches <c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$</c>. Written out
    /// rather than as a regular expression, whose <c>$</c> would also accept a trailing newline.
    /// </summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id.AsSpan(1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
