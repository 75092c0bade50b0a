using System.Text;

namespace PartyActors.Grains.Tests.Demo;

/// <summary>
/// A strict RFC 4180 reader, so that the tests read CSV the way the standard says rather than the
/// way the writer happens to write it: records end in CRLF, a quoted field may hold commas, CRLF
/// and doubled quotes, and anything else is an error.
/// </summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("A quoted field is not closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"')
                    {
                        throw new FormatException($"A quote inside an unquoted field at {i}.");
                    }

                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i >= text.Length)
            {
                throw new FormatException("The last record does not end in CRLF.");
            }

            if (text[i] == ',')
            {
                i++;
            }
            else if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                throw new FormatException($"A bare line break or stray character at {i}.");
            }
        }

        return records;
    }
}
