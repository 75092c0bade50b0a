using System.Text;
using PartyActors.Grains.Demo;
using PartyActors.Grains.Tests.Demo;

namespace PartyActors.Grains.Tests.Roster;

public sealed class RosterReadingTests(DemoDistrictFixture fixture) : IClassFixture<DemoDistrictFixture>
{
    private static readonly RosterOptions Options = new();

    private DemoDistrict Slice => fixture.District with
    {
        Organizations = [.. fixture.District.Organizations.Take(60)],
        Members = [.. fixture.District.Members.Where(m => fixture.District.Organizations.Take(60).Any(o => o.Id == m.Profile.OrgId)).Take(300)],
    };

    [Fact]
    public async Task Ndjson_and_csv_in_utf8_and_gb18030_read_as_the_same_operations()
    {
        var district = Slice;
        var ndjson = new StringWriter();
        RosterWriter.WriteNdjson(district, ndjson);
        var csv = new StringWriter();
        RosterWriter.WriteCsv(district, csv);

        var fromNdjson = await ReadAsync(Encoding.UTF8.GetBytes(ndjson.ToString()), RosterFormat.Ndjson);
        var fromCsv = await ReadAsync(Encoding.UTF8.GetBytes(csv.ToString()), RosterFormat.Csv);
        var fromCsvWithBom = await ReadAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], RosterFormat.Csv);
        var fromGb18030 = await ReadAsync(RosterCharset.Gb18030.Encoding().GetBytes(csv.ToString()), RosterFormat.Csv, RosterCharset.Gb18030);

        Assert.Equal(district.Organizations.Length + district.Members.Length, fromNdjson.Count);
        Assert.All(fromNdjson, line => Assert.Null(line.Error));
        Assert.Equal(Enumerable.Range(1, fromNdjson.Count), fromNdjson.Select(l => l.Number));
        Assert.Equal(Enumerable.Range(2, fromNdjson.Count), fromCsv.Select(l => l.Number));
        Assert.Equal(fromNdjson.Select(Describe), fromCsv.Select(Describe));
        Assert.Equal(fromNdjson.Select(Describe), fromCsvWithBom.Select(Describe));
        Assert.Equal(fromNdjson.Select(Describe), fromGb18030.Select(Describe));
        Assert.Contains(fromNdjson, l => l.Operation is UpsertMember { Profile.Skills.Length: > 1 });
        Assert.Equal(district.Members[0].Profile.Name, ((UpsertMember)fromGb18030[district.Organizations.Length].Operation!).Profile.Name);
    }

    [Fact]
    public async Task Report_in_and_commitment_lines_read_alike_from_ndjson_and_csv()
    {
        string[] ndjson =
        [
            "{\"op\":\"report-in\",\"memberId\":\"m-1\",\"gridId\":\"g-1\"}",
            "{\"op\":\"withdraw-report-in\",\"memberId\":\"m-1\"}",
            "{\"op\":\"upsert-commitment\",\"id\":\"2026-07\",\"memberId\":\"m-1\",\"title\":\"义务理发, \\\"每月\\\"\",\"target\":10.5,\"unit\":\"次\",\"dueOn\":\"2026-12-31\",\"progress\":\"4\",\"status\":\"done\"}",
            "{\"op\":\"upsert-commitment\",\"id\":\"k\",\"orgId\":\"c-1\",\"title\":\"建成议事厅\",\"target\":\"1e1\",\"unit\":\"个\",\"dueOn\":\"2026-12-31\",\"status\":\"open\"}",
        ];
        var csv = string.Join("\r\n",
            "op,memberId,gridId,id,orgId,title,target,unit,dueOn,progress,status",
            "report-in,m-1,g-1,,,,,,,,",
            "withdraw-report-in,m-1,,,,,,,,,",
            "upsert-commitment,m-1,,2026-07,,\"义务理发, \"\"每月\"\"\",10.5,次,2026-12-31,4,done",
            "upsert-commitment,,,k,c-1,建成议事厅,1e1,个,2026-12-31,,open") + "\r\n";

        var fromNdjson = await ReadAsync(Encoding.UTF8.GetBytes(string.Join('\n', ndjson)), RosterFormat.Ndjson);
        var fromCsv = await ReadAsync(Encoding.UTF8.GetBytes(csv), RosterFormat.Csv);

        Assert.All(fromNdjson, line => Assert.Null(line.Error));
        Assert.Equal(fromNdjson.Select(Describe), fromCsv.Select(Describe));
        Assert.Equal(new ReportMemberIn("m-1", "g-1"), fromNdjson[0].Operation);
        Assert.Equal(new WithdrawMemberReportIn("m-1"), fromNdjson[1].Operation);
        var member = (UpsertCommitment)fromNdjson[2].Operation!;
        Assert.Equal(
            new CommitmentImport("2026-07", new CommitmentOwner(CommitmentOwnerKind.Member, "m-1"),
                new CommitmentTerms("义务理发, \"每月\"", 10.5m, "次", new DateOnly(2026, 12, 31)), 4m, Done: true),
            member.Commitment);
        Assert.Equal((CommitmentOwnerKind.Org, 10m, false), (((UpsertCommitment)fromCsv[3].Operation!).Commitment.Owner.Kind,
            ((UpsertCommitment)fromCsv[3].Operation!).Commitment.Terms.Target, ((UpsertCommitment)fromCsv[3].Operation!).Commitment.Done));
        Assert.Equal(CommitmentImport.IdFor(new CommitmentOwner(CommitmentOwnerKind.Member, "m-1"), "2026-07"), member.Commitment.CommitmentId);
        Assert.NotEqual(member.Commitment.CommitmentId, CommitmentImport.IdFor(new CommitmentOwner(CommitmentOwnerKind.Org, "m-1"), "2026-07"));
        Assert.NotEqual(
            CommitmentImport.IdFor(new CommitmentOwner(CommitmentOwnerKind.Member, "m-1"), "2x"),
            CommitmentImport.IdFor(new CommitmentOwner(CommitmentOwnerKind.Member, "m-12"), "x"));
        Assert.True(Ids.IsValid(member.Commitment.CommitmentId));

        // A CSV of report-ins alone needs no 'id' column.
        var reportIns = await ReadAsync(Encoding.UTF8.GetBytes("op,memberId,gridId\nreport-in,m-2,g-2\n"), RosterFormat.Csv);
        Assert.Equal(new ReportMemberIn("m-2", "g-2"), Assert.Single(reportIns).Operation);
    }

    [Fact]
    public async Task Line_numbers_are_physical_lines_with_blank_lines_counted_and_not_read()
    {
        var ndjson = "\uFEFF{\"op\":\"remove-member\",\"id\":\"m1\"}\r\n\r\n   \n{\"op\":\"remove-member\",\"id\":\"m2\"}\n\n{\"op\":\"remove-member\",\"id\":\"m3\"}";
        var lines = await ReadAsync(Encoding.UTF8.GetBytes(ndjson), RosterFormat.Ndjson);
        Assert.Equal(["1:m1", "4:m2", "6:m3"], lines.Select(l => $"{l.Number}:{l.Operation!.Id}"));

        var csv = "op,id,name,kind,parentId\r\n" +
                  "upsert-org,d,\"二七区委\r\n第二行, \"\"引号\"\"\",district,\r\n" +
                  "\r\n" +
                  ",,,,\r\n" +
                  "upsert-org,s,街道,street,d\n" +
                  "upsert-org,x,\"未闭合,street,d\r\n";
        var rows = await ReadAsync(Encoding.UTF8.GetBytes(csv), RosterFormat.Csv);
        Assert.Equal([2, 6, 7], rows.Select(r => r.Number));
        Assert.Equal("二七区委\r\n第二行, \"引号\"", ((UpsertOrganization)rows[0].Operation!).Definition.Name);
        Assert.Equal(new OrganizationDefinition("街道", OrganizationKind.Street, "d"), ((UpsertOrganization)rows[1].Operation!).Definition);
        Assert.Equal(RosterErrors.MalformedLine, rows[2].Error?.Code);
    }

    [Fact]
    public async Task Each_unreadable_line_gets_a_stable_code_and_names_its_field_without_echoing_values()
    {
        const string phone = "13912345678";
        const string idNumber = "41010319800101123X";
        string[] ndjson =
        [
            "not json " + phone,
            "[1,2]",
            "{\"op\":\"dissolve-org\",\"id\":\"x\"}",
            "{\"id\":\"x\"}",
            "{\"op\":\"upsert-org\",\"id\":\"bad id\",\"name\":\"n\",\"kind\":\"grid\"}",
            "{\"op\":\"upsert-org\",\"id\":\"x\",\"name\":\"n\",\"kind\":\"planet\"}",
            "{\"op\":\"upsert-org\",\"id\":\"x\",\"name\":\" \",\"kind\":\"grid\"}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o\",\"phone\":" + phone + "}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o\",\"birthYear\":\"19x0\",\"idNumber\":\"" + idNumber + "\"}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o\",\"joinedOn\":\"1.7.2001\"}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o o\"}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o\",\"skills\":\"医疗\"}",
            "{\"op\":\"remove-member\",\"id\":\"m\"} {}",
            "{\"op\":\"upsert-member\",\"id\":\"m\",\"name\":\"n\",\"status\":\"full\",\"category\":\"retired\",\"orgId\":\"o\",\"birthYear\":1980,\"extra\":{\"a\":1}}",
        ];
        var lines = await ReadAsync(Encoding.UTF8.GetBytes(string.Join('\n', ndjson)), RosterFormat.Ndjson);

        Assert.Equal(
            [
                "1:malformed-line:", "2:malformed-line:", "3:unknown-op:op", "4:invalid-field:op", "5:invalid-id:id", "6:invalid-field:kind",
                "7:invalid-field:name", "8:invalid-field:phone", "9:invalid-field:birthYear", "10:invalid-field:joinedOn", "11:invalid-id:orgId",
                "12:invalid-field:skills", "13:malformed-line:", "14:ok:",
            ],
            lines.Select(l => $"{l.Number}:{l.Error?.Code ?? "ok"}:{l.Error?.Field}"));
        Assert.All(lines.Where(l => l.Error?.Field is not null), l => Assert.Contains($"'{l.Error!.Field}'", l.Error.Message, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(phone, l.Error?.Message ?? "", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(idNumber, l.Error?.Message ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_overlong_line_is_rejected_alone()
    {
        var options = new RosterOptions { MaxLineBytes = 1024 };
        var text = "{\"op\":\"remove-member\",\"id\":\"a\"}\n{\"op\":\"remove-member\",\"id\":\"" + new string('x', 5000) + "\"}\n{\"op\":\"remove-member\",\"id\":\"b\"}\n";
        var lines = await ReadAsync(Encoding.UTF8.GetBytes(text), RosterFormat.Ndjson, options: options);
        Assert.Equal(["1:a", "2:malformed-line", "3:b"], lines.Select(l => $"{l.Number}:{l.Operation?.Id ?? l.Error!.Code}"));

        var csv = "op,id\r\nremove-member,a\r\nremove-member," + new string('x', 5000) + "\r\nremove-member,b\r\n";
        var rows = await ReadAsync(Encoding.UTF8.GetBytes(csv), RosterFormat.Csv, options: options);
        Assert.Equal(["2:a", "3:malformed-line", "4:b"], rows.Select(l => $"{l.Number}:{l.Operation?.Id ?? l.Error!.Code}"));
    }

    [Fact]
    public async Task Broken_csv_rows_are_rejected_alone_and_a_missing_header_rejects_the_upload()
    {
        var gb18030 = RosterCharset.Gb18030.Encoding();
        byte[] body =
        [
            .. gb18030.GetBytes("op,id,name,kind,parentId\r\n"),
            .. gb18030.GetBytes("upsert-org,d,区委,district,\r\n"),
            .. gb18030.GetBytes("upsert-org,s,\"街\"道,street,d\r\n"),
            .. gb18030.GetBytes("upsert-org,s,街\"道,street,d\r\n"),
            .. gb18030.GetBytes("upsert-org,s,街道,street\r\n"),
            .. gb18030.GetBytes("upsert-org,s,"), 0x81, 0x20, .. gb18030.GetBytes(",street,d\r\n"),
            .. gb18030.GetBytes("upsert-org,s,街道,street,d\rx\r\n"),
            .. gb18030.GetBytes("upsert-org,s,街道,street,d"),
        ];
        var rows = await ReadAsync(body, RosterFormat.Csv, RosterCharset.Gb18030);
        Assert.Equal(["2:ok", "3:malformed-line", "4:malformed-line", "5:malformed-line", "6:malformed-line", "7:malformed-line", "8:ok"],
            rows.Select(l => $"{l.Number}:{l.Error?.Code ?? "ok"}"));
        Assert.Equal("区委", ((UpsertOrganization)rows[0].Operation!).Definition.Name);

        foreach (var text in new[] { "", "\r\nop,id\r\n", "name,kind\r\nx,y\r\n", "op,id,op\r\n" })
        {
            await Assert.ThrowsAsync<RosterUploadException>(() => ReadAsync(Encoding.UTF8.GetBytes(text), RosterFormat.Csv));
        }
    }

    [Fact]
    public void Charsets_and_batch_ids()
    {
        Assert.True(RosterCharsets.TryParse(null, out var none) && none == RosterCharset.Utf8);
        Assert.True(RosterCharsets.TryParse("UTF-8", out var utf8) && utf8 == RosterCharset.Utf8);
        Assert.True(RosterCharsets.TryParse("GBK", out var gbk) && gbk == RosterCharset.Gb18030);
        Assert.True(RosterCharsets.TryParse("\"gb2312\"", out var gb2312) && gb2312 == RosterCharset.Gb18030);
        Assert.False(RosterCharsets.TryParse("latin1", out _));

        var id = RosterIds.ForBatch("job-1", "2026-11-22");
        Assert.Equal(id, RosterIds.ForBatch("job-1", "2026-11-22"));
        Assert.NotEqual(id, RosterIds.ForBatch("job-2", "2026-11-22"));
        Assert.NotEqual(RosterIds.ForBatch("ab", "c"), RosterIds.ForBatch("a", "bc"));
        Assert.True(Ids.IsValid(id));
        Assert.False(Ids.IsValid("a\n"));
    }

    private static async Task<List<RosterLine>> ReadAsync(byte[] body, RosterFormat format, RosterCharset charset = RosterCharset.Utf8, RosterOptions? options = null)
    {
        using var stream = new MemoryStream(body);
        var lines = new List<RosterLine>();
        await foreach (var line in RosterUpload.ReadLinesAsync(stream, format, charset, options ?? Options, CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Describe(RosterLine line) => line.Operation switch
    {
        UpsertMember m => $"{m.Id}|{m.Profile with { Skills = default }}|{m.Profile.Phone}|{m.Profile.IdNumber}|{string.Join(';', m.Profile.Skills)}",
        { } operation => operation.ToString(),
        null => line.Error!.ToString(),
    };
}
