using PartyActors.Grains;

namespace PartyActors.Silo.Http;

/// <summary>Field errors collected while checking a request, answered together as one 400.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Records <paramref name="breach"/> (a domain rule's answer, as from <see cref="MemberRules"/>) against the field; null is no error.</summary>
    public void Check(string field, string? breach)
    {
        if (breach is not null)
        {
            Add(field, breach);
        }
    }

    /// <summary>Checks a required, trimmed text of at most <paramref name="maxLength"/> characters (<see cref="TextRules"/>).</summary>
    public void RequireText(string field, string? value, int maxLength) => Check(field, TextRules.CheckRequired(field, value?.Trim(), maxLength));

    /// <summary>Checks an id (<see cref="Ids"/>); null passes unless <paramref name="required"/>.</summary>
    public void CheckId(string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"'{field}' is required.");
            }
        }
        else if (!Ids.IsValid(value))
        {
            Add(field, "Ids are " + Ids.Rule + ".");
        }
    }

    /// <summary>Parses a required or optional wire enum name, recording an error that lists the accepted names.</summary>
    public T? ParseEnum<T>(string field, string? value, bool required)
        where T : struct, Enum
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"'{field}' is required; use one of: {WireNames<T>.List}.");
            }

            return null;
        }

        if (WireNames<T>.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Add(field, $"'{Truncate(value)}' is not accepted; use one of: {WireNames<T>.List}.");
        return null;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private static string Truncate(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
