using System.Security.Cryptography;
using System.Text;

namespace PartyActors.Grains;

/// <summary>The ids of roster batches (the id rule itself is <see cref="Ids"/>).</summary>
public static class RosterIds
{
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
