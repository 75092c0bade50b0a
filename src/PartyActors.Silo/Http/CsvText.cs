using System.Globalization;
using System.Text;
using PartyActors.Grains;

namespace PartyActors.Silo.Http;

/// <summary>
/// The text of every CSV file the API answers, for Excel: UTF-8 with a byte-order mark (without it
/// Excel reads Chinese as the local code page), RFC 4180 rows (CRLF; a field holding a comma, a quote
/// or a line break quoted, its quotes doubled), free text kept from running as a formula, instants in
/// China Standard Time.
/// </summary>
internal static class CsvText
{
    public const string MediaType = "text/csv";

    /// <summary>UTF-8 without a byte-order mark, for the rows: the mark is written once, by <see cref="BeginAsync"/>.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Starts a 200 CSV answer: its content type, a download named <paramref name="fileName"/>, and the byte-order mark.</summary>
    public static async Task BeginAsync(HttpResponse response, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType + "; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
    }

    /// <summary>Appends one row; a null cell is an empty field.</summary>
    public static void AppendRow(StringBuilder text, IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (cells[i] is not { } cell)
            {
                continue;
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append("\r\n");
    }

    /// <summary>Writes <paramref name="text"/> out, flushes, and empties it.</summary>
    public static async Task WriteOutAsync(StringBuilder text, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(body);
        await body.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken);
        await body.FlushAsync(cancellationToken);
        text.Clear();
    }

    /// <summary>
    /// Free text that Excel would take for a formula (starting with =, +, -, @, a tab or a carriage
    /// return) gets a leading apostrophe, which Excel shows as text: a name must not run as a formula
    /// on a supervisor's machine (CSV injection).
    /// </summary>
    public static string Inert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    /// <summary>An instant in China Standard Time, to the second.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.ToOffset(PointsRules.ChinaStandardTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
