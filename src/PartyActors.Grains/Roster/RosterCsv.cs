using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;

namespace PartyActors.Grains;

/// <summary>
/// Reads a CSV roster (RFC 4180): a header row on line 1 naming the columns (the NDJSON fields, those
/// of <c>RosterWriter.CsvHeader</c> and of report-ins and commitments, in any order; unknown columns
/// are ignored), then one operation a
/// row. Rows end in CRLF or LF; a quoted cell may hold commas, doubled quotes and line breaks. Empty
/// cells are absent fields; skills share one cell, separated by <c>;</c>. A row's number is the
/// physical line it starts on. A broken row (stray quote, unclosed quote, wrong number of cells,
/// bytes that are not text in the declared encoding) is rejected alone and reading goes on.
/// </summary>
internal static class RosterCsv
{
    private const char SkillSeparator = ';';

    public static async IAsyncEnumerable<RosterLine> ReadAsync(TextReader text, int maxRecordChars, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        RosterField?[]? columns = null;
        await foreach (var record in ReadRecordsAsync(text, maxRecordChars, cancellationToken).ConfigureAwait(false))
        {
            if (columns is null)
            {
                columns = Header(record);
                continue;
            }

            if (record.Error is { } error)
            {
                yield return RosterLine.Unreadable(record.Line, RosterErrors.MalformedLine, error);
            }
            else if (record.Cells.All(string.IsNullOrEmpty))
            {
                // A blank line, or one of only separators as spreadsheets export: nothing to apply.
            }
            else if (record.Cells.Length != columns.Length)
            {
                yield return RosterLine.Unreadable(record.Line, RosterErrors.MalformedLine,
                    $"The row has {record.Cells.Length} cells; the header has {columns.Length}.");
            }
            else
            {
                yield return RosterLineBuilder.Build(record.Line, Values(record.Cells, columns));
            }
        }

        if (columns is null)
        {
            throw new RosterUploadException("missing-header", "The CSV roster is empty: line 1 must be the header row.");
        }
    }

    private static RosterField?[] Header(CsvRecord record)
    {
        if (record.Line != 1 || record.Error is not null || record.Cells.All(string.IsNullOrWhiteSpace))
        {
            throw new RosterUploadException("missing-header",
                "Line 1 of a CSV roster must be the header row naming the columns, e.g. op,id,name,kind,parentId,status,category,orgId,...");
        }

        var columns = new RosterField?[record.Cells.Length];
        var seen = new HashSet<RosterField>();
        for (var i = 0; i < columns.Length; i++)
        {
            if (RosterFieldValues.ByName.TryGetValue(record.Cells[i].Trim(), out var field))
            {
                if (!seen.Add(field))
                {
                    throw new RosterUploadException("invalid-header", $"The header names the column '{RosterFieldValues.WireName(field)}' twice.");
                }

                columns[i] = field;
            }
        }

        // Report-in lines name their member by 'memberId' and have no 'id'.
        if (!seen.Contains(RosterField.Op) || !(seen.Contains(RosterField.Id) || seen.Contains(RosterField.MemberId)))
        {
            throw new RosterUploadException("invalid-header", "The header must name at least the column 'op' and the column 'id' or 'memberId'.");
        }

        return columns;
    }

    private static RosterFieldValues Values(ImmutableArray<string> cells, RosterField?[] columns)
    {
        var values = new RosterFieldValues();
        for (var i = 0; i < cells.Length; i++)
        {
            if (columns[i] is not { } field || cells[i].Length == 0)
            {
                continue;
            }

            if (field == RosterField.Skills)
            {
                values.Skills = [.. cells[i].Split(SkillSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            }
            else
            {
                values[field] = cells[i];
            }
        }

        return values;
    }

    /// <summary>One record: the line it starts on, and its cells or why it is broken.</summary>
    internal sealed record CsvRecord(int Line, ImmutableArray<string> Cells, string? Error);

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        AfterCarriageReturn,
        SkippingToLineEnd,
    }

    /// <summary>The records of the text, one character at a time through a small buffer.</summary>
    internal static async IAsyncEnumerable<CsvRecord> ReadRecordsAsync(TextReader text, int maxRecordChars, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new char[16 * 1024];
        var cells = ImmutableArray.CreateBuilder<string>();
        var cell = new StringBuilder();
        var state = State.FieldStart;
        string? error = null;
        int line = 1, recordLine = 1, recordChars = 0;
        while (true)
        {
            var read = await text.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (state != State.SkippingToLineEnd && ++recordChars > maxRecordChars)
                {
                    error = $"The row is longer than {maxRecordChars} characters.";
                    state = State.SkippingToLineEnd;
                }

                switch (state)
                {
                    case State.FieldStart when c == '"':
                        state = State.Quoted;
                        break;
                    case State.FieldStart or State.Unquoted or State.QuoteInQuoted when c == ',':
                        cells.Add(cell.ToString());
                        cell.Clear();
                        state = State.FieldStart;
                        break;
                    case State.FieldStart or State.Unquoted or State.QuoteInQuoted or State.AfterCarriageReturn when c == '\n':
                        cells.Add(cell.ToString());
                        yield return Complete(recordLine, cells, null);
                        Reset();
                        break;
                    case State.FieldStart or State.Unquoted or State.QuoteInQuoted when c == '\r':
                        state = State.AfterCarriageReturn;
                        break;
                    case State.FieldStart or State.Unquoted:
                        if (c == '"')
                        {
                            error = "A quote inside an unquoted cell (quote the whole cell and double the quote).";
                            state = State.SkippingToLineEnd;
                        }
                        else
                        {
                            cell.Append(c);
                            state = State.Unquoted;
                        }

                        break;
                    case State.Quoted:
                        if (c == '"')
                        {
                            state = State.QuoteInQuoted;
                        }
                        else
                        {
                            line += c == '\n' ? 1 : 0;
                            cell.Append(c);
                        }

                        break;
                    case State.QuoteInQuoted when c == '"':
                        cell.Append('"');
                        state = State.Quoted;
                        break;
                    case State.QuoteInQuoted:
                        error = "Text after the closing quote of a cell.";
                        state = State.SkippingToLineEnd;
                        break;
                    case State.AfterCarriageReturn:
                        error = "A carriage return that does not end the row.";
                        state = State.SkippingToLineEnd;
                        break;
                    case State.SkippingToLineEnd when c == '\n':
                        yield return Complete(recordLine, cells, error);
                        Reset();
                        break;
                    case State.SkippingToLineEnd:
                        break;
                }
            }
        }

        switch (state)
        {
            case State.Quoted:
                yield return Complete(recordLine, cells, "A quoted cell is not closed before the end of the file.");
                break;
            case State.SkippingToLineEnd:
                yield return Complete(recordLine, cells, error);
                break;
            case State.FieldStart when cells.Count == 0 && recordChars == 0:
                // The file ended with a line break: no record after it.
                break;
            default:
                cells.Add(cell.ToString());
                yield return Complete(recordLine, cells, null);
                break;
        }

        void Reset()
        {
            line++;
            recordLine = line;
            recordChars = 0;
            cell.Clear();
            state = State.FieldStart;
            error = null;
        }
    }

    private static CsvRecord Complete(int line, ImmutableArray<string>.Builder cells, string? error)
    {
        var record = cells.DrainToImmutable();

        // Bytes that are not text in the declared encoding were decoded as U+FFFD.
        if (error is null && record.Any(c => c.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            error = "The row is not valid text in the declared encoding (charset).";
        }

        return new CsvRecord(line, error is null ? record : [], error);
    }
}
