namespace PartyActors.Grains.Demo;

/// <summary>The 18-character resident identity number (居民身份证号码, GB 11643-1999).</summary>
internal static class ResidentIdNumber
{
    private const string CheckCharacters = "10X98765432";

    /// <summary>
    /// The check character (ISO 7064 MOD 11-2) of the first 17 digits: region, birth date and order
    /// code. Generated numbers carry a correct one so that validating importers accept them.
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("The first 17 digits are needed.", nameof(first17));
        }

        // The weight of each digit is 2^(17 - i) mod 11.
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException("Only digits may precede the check character.", nameof(first17));
            }

            sum += digit * weights[i];
        }

        return CheckCharacters[sum % 11];
    }
}
