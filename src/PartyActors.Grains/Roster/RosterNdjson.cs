using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PartyActors.Grains;

/// <summary>
/// Reads an NDJSON roster: one JSON object a line, lines ended by <c>\n</c> (a <c>\r</c> before it is
/// dropped), UTF-8 with or without a byte order mark. The body streams through a buffer of about one
/// line; blank lines are skipped but counted, so line numbers are the file's physical lines.
/// </summary>
internal static class RosterNdjson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4 };

    public static async IAsyncEnumerable<RosterLine> ReadAsync(Stream body, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new byte[maxLineBytes + 16 * 1024];
        int start = 0, end = 0, number = 0;
        var endOfBody = false;
        var skippingLongLine = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0 || (endOfBody && end > start))
            {
                var length = newline >= 0 ? newline : end - start;
                number++;
                var line = skippingLongLine ? null
                    : length > maxLineBytes ? RosterLine.Unreadable(number, RosterErrors.MalformedLine, $"The line is longer than {maxLineBytes} bytes.")
                    : ParseLine(number, buffer.AsSpan(start, length));
                start += newline >= 0 ? length + 1 : length;
                skippingLongLine = false;
                if (line is not null)
                {
                    yield return line;
                }

                continue;
            }

            if (endOfBody)
            {
                yield break;
            }

            if (skippingLongLine)
            {
                // The rest of a line already reported: no need to keep it.
                start = end = 0;
            }
            else if (end - start >= maxLineBytes)
            {
                skippingLongLine = true;
                start = end = 0;
                yield return RosterLine.Unreadable(number + 1, RosterErrors.MalformedLine, $"The line is longer than {maxLineBytes} bytes.");
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            var read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfBody = true;
            }
            else
            {
                end += read;
            }
        }
    }

    /// <summary>One line's operation or the reason it cannot be read; null for a blank line.</summary>
    public static RosterLine? ParseLine(int number, ReadOnlySpan<byte> utf8)
    {
        if (number == 1 && utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        utf8 = utf8.TrimEnd("\r"u8);
        if (utf8.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }

        var values = new RosterFieldValues();
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed(number, "The line is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var known = RosterFieldValues.ByName.TryGetValue(reader.GetString()!, out var field);
                reader.Read();
                if (!known)
                {
                    // Fields the roster does not know are left alone, so producers may add their own.
                    reader.Skip();
                }
                else if (field == RosterField.Skills)
                {
                    ReadSkills(ref reader, values);
                }
                else
                {
                    ReadScalar(ref reader, field, values);
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Malformed(number, "The line holds more than one JSON object.");
            }
        }
        catch (JsonException exception)
        {
            // The exception's own message may quote the input; say only where it went wrong.
            return Malformed(number, $"The line is not valid JSON (at byte {exception.BytePositionInLine + 1}).");
        }
        catch (InvalidOperationException)
        {
            // What the reader throws for a string that is not valid UTF-8.
            return Malformed(number, "The line is not valid UTF-8.");
        }

        return RosterLineBuilder.Build(number, values);
    }

    private static void ReadScalar(ref Utf8JsonReader reader, RosterField field, RosterFieldValues values)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                values[field] = reader.GetString();
                break;
            case JsonTokenType.Null:
                values[field] = null;
                break;
            case JsonTokenType.Number when field == RosterField.BirthYear && reader.TryGetInt32(out var year):
                values[field] = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case JsonTokenType.True or JsonTokenType.False when field == RosterField.Correction:
                values[field] = reader.TokenType == JsonTokenType.True ? "true" : "false";
                break;
            case JsonTokenType.Number when field is RosterField.Target or RosterField.Progress:
                // The literal as written (a JSON number holds no escapes), parsed as a decimal with the CSV's text.
                values[field] = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                break;
            default:
                values.WrongType ??= field;
                reader.Skip();
                break;
        }
    }

    private static void ReadSkills(ref Utf8JsonReader reader, RosterFieldValues values)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            values.Skills = null;
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            values.WrongType ??= RosterField.Skills;
            reader.Skip();
            return;
        }

        var skills = ImmutableArray.CreateBuilder<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                skills.Add(reader.GetString()!);
            }
            else
            {
                values.WrongType ??= RosterField.Skills;
                reader.Skip();
            }
        }

        values.Skills = skills.DrainToImmutable();
    }

    private static RosterLine Malformed(int number, string message) => RosterLine.Unreadable(number, RosterErrors.MalformedLine, message);
}
