using System.Globalization;
using System.Text;
using System.Text.Json;
using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Demo;

public sealed class RosterWriterTests(DemoDistrictFixture fixture) : IClassFixture<DemoDistrictFixture>
{
    private const int OrganizationCount = 867;
    private const int MemberCount = 21_697;

    private readonly DemoDistrict district = fixture.District;

    [Fact]
    public void Ndjson_has_one_object_per_line_organizations_first()
    {
        var text = Ndjson(district);

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        var lines = text[..^1].Split('\n');
        Assert.Equal(OrganizationCount + MemberCount, lines.Length);

        for (var i = 0; i < OrganizationCount; i++)
        {
            var (id, definition) = district.Organizations[i];
            using var line = JsonDocument.Parse(lines[i]);
            var root = line.RootElement;
            Assert.Equal("upsert-org", root.GetProperty("op").GetString());
            Assert.Equal(id, root.GetProperty("id").GetString());
            Assert.Equal(definition.Name, root.GetProperty("name").GetString());
            Assert.Equal(definition.Kind, root.GetProperty("kind").Deserialize<OrganizationKind>());
            Assert.Equal(definition.ParentId, root.TryGetProperty("parentId", out var parent) ? parent.GetString() : null);
            Assert.Equal(definition.ParentId is null ? 4 : 5, root.EnumerateObject().Count());
        }

        for (var i = 0; i < MemberCount; i++)
        {
            var (id, profile) = district.Members[i];
            using var line = JsonDocument.Parse(lines[OrganizationCount + i]);
            var root = line.RootElement;
            Assert.Equal("upsert-member", root.GetProperty("op").GetString());
            Assert.Equal(id, root.GetProperty("id").GetString());
            var read = new MemberProfile(
                root.GetProperty("name").GetString()!,
                root.GetProperty("status").Deserialize<MemberStatus>(),
                root.GetProperty("category").Deserialize<MemberCategory>(),
                root.GetProperty("orgId").GetString()!,
                root.GetProperty("residenceGridId").GetString(),
                root.GetProperty("gender").Deserialize<Gender>(),
                root.GetProperty("birthYear").GetInt32(),
                root.TryGetProperty("joinedOn", out var joinedOn) ? joinedOn.Deserialize<DateOnly>() : null,
                root.TryGetProperty("phone", out var phone) ? phone.GetString() : null,
                root.GetProperty("idNumber").GetString());
            Assert.Equal(profile with { Skills = default }, read);

            // Empty skills are left out like null fields: on the API both clear the field.
            List<string> skills = [];
            if (root.TryGetProperty("skills", out var array))
            {
                skills.AddRange(array.EnumerateArray().Select(s => s.GetString()!));
                Assert.NotEmpty(skills);
            }

            Assert.Equal(profile.Skills, skills);
        }
    }

    [Fact]
    public void Ndjson_uses_the_api_wire_names_and_leaves_chinese_readable()
    {
        var lines = Ndjson(district).Split('\n');

        Assert.Equal("""{"op":"upsert-org","id":"410103","name":"二七区委","kind":"district"}""", lines[0]);
        Assert.Equal("""{"op":"upsert-org","id":"410103-001","name":"淮河路街道党工委","kind":"street","parentId":"410103"}""", lines[1]);
        Assert.Contains(lines, l => l.Contains("\"kind\":\"township\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"kind\":\"village\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"kind\":\"grid\"", StringComparison.Ordinal));

        var first = district.Members[0];
        var memberLine = lines[OrganizationCount];
        Assert.StartsWith($"{{\"op\":\"upsert-member\",\"id\":\"m-000001\",\"name\":\"{first.Profile.Name}\",\"status\":", memberLine, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("\"category\":\"in-service\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"status\":\"full\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"gender\":\"female\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\\u", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(":null", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_has_the_header_and_one_row_per_operation()
    {
        var rows = Rfc4180.Parse(Csv(district));

        Assert.Equal(RosterWriter.CsvHeader, string.Join(',', rows[0]));
        Assert.Equal(1 + OrganizationCount + MemberCount, rows.Count);
        Assert.All(rows, r => Assert.Equal(15, r.Length));

        for (var i = 0; i < OrganizationCount; i++)
        {
            var (id, definition) = district.Organizations[i];
            var kind = JsonSerializer.Deserialize<OrganizationKind>($"\"{rows[1 + i][3]}\"");
            Assert.Equal(["upsert-org", id, definition.Name, rows[1 + i][3], definition.ParentId ?? "", "", "", "", "", "", "", "", "", "", ""], rows[1 + i]);
            Assert.Equal(definition.Kind, kind);
        }

        for (var i = 0; i < MemberCount; i++)
        {
            var (id, profile) = district.Members[i];
            var row = rows[1 + OrganizationCount + i];
            Assert.Equal(["upsert-member", id, profile.Name, "", ""], row[..5]);
            var read = new MemberProfile(
                row[2],
                JsonSerializer.Deserialize<MemberStatus>($"\"{row[5]}\""),
                JsonSerializer.Deserialize<MemberCategory>($"\"{row[6]}\""),
                row[7],
                row[8],
                JsonSerializer.Deserialize<Gender>($"\"{row[9]}\""),
                int.Parse(row[10], CultureInfo.InvariantCulture),
                row[11].Length == 0 ? null : DateOnly.ParseExact(row[11], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                row[12].Length == 0 ? null : row[12],
                row[13]);
            Assert.Equal(profile with { Skills = default }, read);
            Assert.Equal(profile.Skills, row[14].Length == 0 ? [] : row[14].Split(';'));
        }
    }

    [Fact]
    public void Csv_quotes_cells_that_hold_commas_quotes_or_line_breaks()
    {
        var awkward = new DemoDistrict(
            [
                new DemoOrganization("root", new("二七区委, \"试点\"", OrganizationKind.District, null)),
                new DemoOrganization("root-1", new("第一行\r\n第二行", OrganizationKind.Street, "root")),
            ],
            [new DemoMember("m-1", new MemberProfile("王,芳", MemberStatus.Full, MemberCategory.Retired, "root-1", Skills: ["书法", "理发"]))],
            []);

        var text = Csv(awkward);
        var rows = Rfc4180.Parse(text);

        Assert.Contains("\"二七区委, \"\"试点\"\"\"", text, StringComparison.Ordinal);
        Assert.Equal("二七区委, \"试点\"", rows[1][2]);
        Assert.Equal("第一行\r\n第二行", rows[2][2]);
        Assert.Equal(["upsert-member", "m-1", "王,芳", "", "", "full", "retired", "root-1", "", "", "", "", "", "", "书法;理发"], rows[3]);
    }

    [Fact]
    public void Csv_survives_a_gb18030_round_trip_with_chinese_intact()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb18030 = Encoding.GetEncoding("GB18030");

        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, gb18030, leaveOpen: true))
        {
            RosterWriter.WriteCsv(district, writer);
        }

        var bytes = stream.ToArray();
        Assert.True(bytes.AsSpan().IndexOf(gb18030.GetBytes("二七区委")) >= 0, "names are stored in GB18030");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("二七区委")) < 0, "not in UTF-8");

        var rows = Rfc4180.Parse(gb18030.GetString(bytes));
        Assert.Equal(1 + OrganizationCount + MemberCount, rows.Count);
        Assert.Equal("二七区委", rows[1][2]);
        Assert.Equal(district.Organizations.Select(o => o.Definition.Name), rows.Skip(1).Take(OrganizationCount).Select(r => r[2]));
        Assert.Equal(district.Members.Select(m => m.Profile.Name), rows.Skip(1 + OrganizationCount).Select(r => r[2]));
    }

    private static string Ndjson(DemoDistrict district)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        RosterWriter.WriteNdjson(district, writer);
        return writer.ToString();
    }

    private static string Csv(DemoDistrict district)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        RosterWriter.WriteCsv(district, writer);
        return writer.ToString();
    }
}
