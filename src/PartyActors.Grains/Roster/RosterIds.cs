using System.Security.Cryptography;
using System.Text;

namespace PartyActors.Grains;

/// <summary>The API's id rule, and the ids of roster batches.</summary>
public static class RosterIds
{
    public const int MaxLength = 64;

    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1 to 64 characters: letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    /// <summary>
    /// Whether <paramref name="id"/> matches <c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$</c> (api.md). Written
    /// out rather than as a regular expression, whose <c>$</c> would also accept a trailing newline.
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

    /// <summary>
    /// The batch id for a caller's idempotency key: <c>rb-</c> and the first 128 bits of a SHA-256 of
    /// both, in hex. Deterministic, so a retry finds the batch of its first attempt; the subject is
    /// part of it, so two callers' keys never meet; and the key itself is not revealed.
    /// </summary>
    public static string ForBatch(string subject, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);

        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        var text = string.Concat(subject.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", subject, idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "rb-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
