namespace PartyActors.Silo.Http;

/// <summary>
/// The id rule of api.md: <c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$</c>. Written out rather than as a
/// regular expression, whose <c>$</c> would also accept a trailing newline.
/// </summary>
internal static class ApiIds
{
    public const int MaxLength = 64;

    public const string Rule = "Ids are 1 to 64 characters: letters, digits, '.', '_', ':' or '-', starting with a letter or digit.";

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
