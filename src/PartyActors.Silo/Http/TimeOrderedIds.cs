using System.Globalization;
using System.Security.Cryptography;

namespace PartyActors.Silo.Http;

/// <summary>
/// Ids the server makes for items a ledger lists (requests <c>rq-</c>, errands <c>er-</c>): the prefix,
/// the instant's Unix milliseconds in 12 hex digits, and 8 random hex digits. Ids in ordinal order are
/// then items in the order they were made, which is the order a ledger pages them in.
/// </summary>
internal static class TimeOrderedIds
{
    public static string New(string prefix, DateTimeOffset now) =>
        prefix + now.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
