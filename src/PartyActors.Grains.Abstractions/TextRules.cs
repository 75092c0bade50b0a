namespace PartyActors.Grains;

/// <summary>The rule every required text of the domain keeps (names, subjects): present, not blank, not too long.</summary>
public static class TextRules
{
    /// <summary>Why <paramref name="value"/> breaks the rule for <paramref name="field"/>, or null when it keeps it. Never echoes the value.</summary>
    public static string? CheckRequired(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"'{field}' is required and must not be blank.";
        }

        return value.Length > maxLength ? $"'{field}' must be at most {maxLength} characters." : null;
    }
}
