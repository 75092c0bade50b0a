using System.Text;

namespace PartyActors.Grains;

/// <summary>The text encodings a roster may come in.</summary>
public enum RosterCharset
{
    /// <summary>UTF-8, with or without a byte order mark: the only one for NDJSON, the default for CSV.</summary>
    Utf8,

    /// <summary>GB18030, which spreadsheets set up for Chinese write; <c>gbk</c> and <c>gb2312</c> are read as it (it contains both).</summary>
    Gb18030,
}

/// <summary>Charset names as a <c>Content-Type</c> gives them, and the decoders for them.</summary>
public static class RosterCharsets
{
    /// <summary>Windows code page 54936 is GB18030.</summary>
    private const int Gb18030CodePage = 54936;

    // Taken from the code-pages provider directly rather than registered with Encoding: no process-wide
    // state changes. Undecodable bytes become U+FFFD, which the CSV reader reports against their row.
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(
        Gb18030CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"))
        ?? throw new InvalidOperationException("The GB18030 code page is not available.");

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads a charset parameter; null or empty means UTF-8.</summary>
    public static bool TryParse(string? name, out RosterCharset charset)
    {
        charset = RosterCharset.Utf8;
        var trimmed = name?.Trim().Trim('"');
        if (string.IsNullOrEmpty(trimmed) || trimmed.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (trimmed.Equals("gb18030", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("gbk", StringComparison.OrdinalIgnoreCase) ||
            trimmed.Equals("gb2312", StringComparison.OrdinalIgnoreCase))
        {
            charset = RosterCharset.Gb18030;
            return true;
        }

        return false;
    }

    public static Encoding Encoding(this RosterCharset charset) => charset == RosterCharset.Gb18030 ? Gb18030 : Utf8;
}
