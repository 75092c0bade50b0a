using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace PartyActors.Grains.Demo;

/// <summary>
/// Writes a <see cref="DemoDistrict"/> as a roster batch (api.md, "Roster batches"): every
/// organization, parents first, then every member. A demo district holds no report-ins or
/// commitments, which a roster may also carry (docs/roster.md).
/// </summary>
public static class RosterWriter
{
    /// <summary>The header row of the CSV form: the NDJSON fields, in this order.</summary>
    public const string CsvHeader = "op,id,name,kind,parentId,status,category,orgId,residenceGridId,gender,birthYear,joinedOn,phone,idNumber,skills";

    private const int CsvColumns = 15;

    /// <summary>Separates skills within their one CSV cell.</summary>
    private const char SkillSeparator = ';';

    /// <summary>Keeps Chinese readable for the people who open the file: the default encoder writes <c>\uXXXX</c> for every non-ASCII character.</summary>
    private static readonly JavaScriptEncoder ReadableEncoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly SearchValues<char> CharactersNeedingQuotes = SearchValues.Create(",\"\r\n");

    // The CSV cells use the same wire names as the JSON lines, taken once from the same converters.

    /// <summary>
    /// Writes one JSON object a line, ended by <c>\n</c> whatever the platform: camelCase names, null
    /// fields and empty skills left out, enums by their wire names.
    /// </summary>
    public static void WriteNdjson(DemoDistrict district, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(district);
        ArgumentNullException.ThrowIfNull(writer);

        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ReadableEncoder });
        foreach (var organization in district.Organizations)
        {
            WriteLine(ToLine(organization), RosterJsonContext.Default.UpsertOrgLine, buffer, json, writer);
        }

        foreach (var member in district.Members)
        {
            WriteLine(ToLine(member), RosterJsonContext.Default.UpsertMemberLine, buffer, json, writer);
        }
    }

    /// <summary>
    /// Writes the header and one row per operation, RFC 4180: rows end in CRLF, a cell holding a
    /// comma, quote or line break is quoted with its quotes doubled, and a field that does not apply
    /// is empty. Skills share one cell, separated by <c>;</c>. The caller's writer chooses the
    /// encoding (UTF-8, or GB18030 for spreadsheets set up for Chinese).
    /// </summary>
    public static void WriteCsv(DemoDistrict district, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(district);
        ArgumentNullException.ThrowIfNull(writer);

        writer.Write(CsvHeader);
        writer.Write("\r\n");
        var cells = new string?[CsvColumns];
        foreach (var organization in district.Organizations)
        {
            var line = ToLine(organization);
            Array.Clear(cells);
            cells[0] = line.Op;
            cells[1] = line.Id;
            cells[2] = line.Name;
            cells[3] = WireNames<OrganizationKind>.Name(line.Kind);
            cells[4] = line.ParentId;
            WriteRow(cells, writer);
        }

        foreach (var member in district.Members)
        {
            var line = ToLine(member);
            Array.Clear(cells);
            cells[0] = line.Op;
            cells[1] = line.Id;
            cells[2] = line.Name;
            cells[5] = WireNames<MemberStatus>.Name(line.Status);
            cells[6] = WireNames<MemberCategory>.Name(line.Category);
            cells[7] = line.OrgId;
            cells[8] = line.ResidenceGridId;
            cells[9] = line.Gender is { } gender ? WireNames<Gender>.Name(gender) : null;
            cells[10] = line.BirthYear?.ToString(CultureInfo.InvariantCulture);
            cells[11] = line.JoinedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            cells[12] = line.Phone;
            cells[13] = line.IdNumber;
            cells[14] = line.Skills is { } skills ? string.Join(SkillSeparator, skills) : null;
            WriteRow(cells, writer);
        }
    }

    private static UpsertOrgLine ToLine(DemoOrganization organization) =>
        new(organization.Id, organization.Definition.Name, organization.Definition.Kind, organization.Definition.ParentId);

    private static UpsertMemberLine ToLine(DemoMember member)
    {
        var profile = member.Profile;
        return new(
            member.Id,
            profile.Name,
            profile.Status,
            profile.Category,
            profile.OrgId,
            profile.ResidenceGridId,
            profile.Gender,
            profile.BirthYear,
            profile.JoinedOn,
            profile.Phone,
            profile.IdNumber,
            profile.Skills.IsDefaultOrEmpty ? null : profile.Skills);
    }

    private static void WriteLine<T>(T line, JsonTypeInfo<T> typeInfo, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, TextWriter writer)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        JsonSerializer.Serialize(json, line, typeInfo);
        json.Flush();
        writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        writer.Write('\n');
    }

    private static void WriteRow(string?[] cells, TextWriter writer)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var cell = cells[i];
            if (string.IsNullOrEmpty(cell))
            {
                continue;
            }

            if (cell.AsSpan().ContainsAny(CharactersNeedingQuotes))
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(cell);
            }
        }

        writer.Write("\r\n");
    }
}
