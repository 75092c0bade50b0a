using PartyActors.Grains.Demo;

namespace PartyActors.Grains.Tests.Roster;

public sealed class RosterBatchTests
{
    private static readonly string[] OrgIds = ["d", "s1", "s2", "c1", "g1", "g2", "c2", "g3"];
    private static readonly string[] MemberIds = ["m1", "m2", "m3", "m4", "m5", "m6"];

    /// <summary>A small district with names that need CSV quoting, and members of every shape.</summary>
    private static readonly DemoDistrict District = new(
        [
            new("d", new("二七区委", OrganizationKind.District, null)),
            new("s1", new("淮河路街道党工委", OrganizationKind.Street, "d")),
            new("s2", new("解放路街道党工委", OrganizationKind.Street, "d")),
            new("c1", new("建新街社区党委, \"东区\"", OrganizationKind.Community, "s1")),
            new("g1", new("第1网格党支部", OrganizationKind.Grid, "c1")),
            new("g2", new("第2网格党支部", OrganizationKind.Grid, "c1")),
            new("c2", new("大学路社区党委", OrganizationKind.Community, "s2")),
            new("g3", new("第1网格党支部", OrganizationKind.Grid, "c2")),
        ],
        [
            new("m1", new("王芳", MemberStatus.Full, MemberCategory.InService, "g1", "g2", Gender.Female, 1980, new DateOnly(2005, 7, 1), "13812345678", "41010319800101123X", ["医疗", "法律"])),
            new("m2", new("李强", MemberStatus.Probationary, MemberCategory.Retired, "c1", "g1", Gender.Male, 1955, new DateOnly(2025, 12, 1))),
            new("m3", new("张伟", MemberStatus.Full, MemberCategory.InService, "g3", "g3", Skills: ["心理咨询"])),
            new("m4", new("赵敏", MemberStatus.Activist, MemberCategory.Student, "c2", "g3", BirthYear: 2003)),
            new("m5", new("陈静", MemberStatus.Full, MemberCategory.Floating, "g2")),
            new("m6", new("刘洋", MemberStatus.Full, MemberCategory.Farmer, "g3", "g3")),
        ],
        []);

    [Fact]
    public async Task Ndjson_and_csv_in_utf8_and_gb18030_of_the_same_roster_give_the_same_batch_and_the_same_district()
    {
        var ndjson = new StringWriter();
        RosterWriter.WriteNdjson(District, ndjson);
        var csv = new StringWriter();
        RosterWriter.WriteCsv(District, csv);

        // A blank first line makes NDJSON's line numbers those of the CSV, whose line 1 is the header.
        var ndjsonText = "\n" + ndjson + string.Join('\n',
            """{"op":"remove-member","id":"m6"}""",
            """{"op":"upsert-member","id":"m7","name":"孙丽","status":"full","category":"retired","orgId":"nowhere"}""",
            """{"op":"upsert-member","id":"m7","name":"孙丽","status":"boss","category":"retired","orgId":"g1"}""",
            """{"op":"upsert-member","id":"m7","name":"孙丽","status":"full","category":"retired","orgId":"g1","birthYear":1800}""",
            """{"op":"upsert-member","id":"m7","name":"孙丽","status":"full","category":"retired","orgId":"g1","residenceGridId":"c1"}""",
            """{"op":"dissolve-org","id":"g3"}""",
            """{"op":"remove-member","id":"no such member"}""",
            """{"op":"remove-member","id":"m404"}""") + "\n";
        var csvText = csv + string.Join("\r\n",
            "remove-member,m6,,,,,,,,,,,,,",
            "upsert-member,m7,孙丽,,,full,retired,nowhere,,,,,,,",
            "upsert-member,m7,孙丽,,,boss,retired,g1,,,,,,,",
            "upsert-member,m7,孙丽,,,full,retired,g1,,,1800,,,,",
            "upsert-member,m7,孙丽,,,full,retired,g1,c1,,,,,,",
            "dissolve-org,g3,,,,,,,,,,,,,",
            "remove-member,no such member,,,,,,,,,,,,,",
            "remove-member,m404,,,,,,,,,,,,,") + "\r\n";

        var results = new List<(RosterBatchProgress Progress, string District)>();
        foreach (var (text, format, charset) in new[]
        {
            (ndjsonText, RosterFormat.Ndjson, RosterCharset.Utf8),
            (csvText, RosterFormat.Csv, RosterCharset.Utf8),
            (csvText, RosterFormat.Csv, RosterCharset.Gb18030),
        })
        {
            await using var harness = await RosterHarness.StartAsync();
            var progress = await harness.ImportAsync(text, format, charset: charset);
            await Task.Delay(100);
            results.Add((progress, await harness.DescribeAsync(OrgIds, [.. MemberIds, "m7"])));
        }

        var first = results[0].Progress;
        Assert.Equal(22, first.Total);
        Assert.Equal(15, first.Applied);
        Assert.Equal(7, first.Rejected);
        Assert.Equal(
            ["17:org-not-found", "18:invalid-field", "19:invalid-field", "20:not-a-grid", "21:unknown-op", "22:invalid-id", "23:member-not-found"],
            RosterHarness.Codes(first));
        Assert.Contains("m6: 刘洋|Left|", results[0].District, StringComparison.Ordinal);
        Assert.Contains("m7: none", results[0].District, StringComparison.Ordinal);
        Assert.Contains("d: 二七区委|District||{orgs=8, members=4, probationary=1, inService=2}", results[0].District, StringComparison.Ordinal);
        foreach (var (progress, district) in results.Skip(1))
        {
            Assert.Equal<RosterLineError>(first.Errors, progress.Errors);
            Assert.Equal((first.Total, first.Applied, first.Rejected, RosterBatchStatus.Completed), (progress.Total, progress.Applied, progress.Rejected, progress.Status));
            Assert.Equal(results[0].District, district);
        }

        Assert.Equal(RosterFormat.Csv, results[1].Progress.Format);
    }

    [Fact]
    public async Task Failing_lines_are_recorded_with_their_code_and_the_rest_applies()
    {
        await using var harness = await RosterHarness.StartAsync();
        var ndjson = new StringWriter();
        RosterWriter.WriteNdjson(District, ndjson);
        await harness.ImportAsync(ndjson.ToString(), key: "seed");

        var progress = await harness.ImportAsync(string.Join('\n',
            "{ not json",
            """{"op":"upsert-member","id":"m8","name":"周敏","status":"full","category":"retired","orgId":"g1","phone":"13912345678x"}""",
            """{"op":"upsert-member","id":"m8","name":"周敏","status":"full","category":"retired","orgId":"g1","idNumber":"4101031980"}""",
            """{"op":"upsert-member","id":"m8","name":"周敏","status":"full","category":"retired","orgId":"g1","phone":"13912345678"}""",
            """{"op":"upsert-org","id":"d","name":"二七区委","kind":"district","parentId":"g3"}""",
            """{"op":"upsert-org","id":"g9","name":"第9网格","kind":"grid","parentId":"nowhere"}""",
            """{"op":"upsert-org","id":"g9","name":"第9网格","kind":"grid","parentId":"c2"}"""), key: "changes");

        Assert.Equal(
            ["1:malformed-line", "2:invalid-field", "3:invalid-field", "5:cycle", "6:parent-not-found"],
            RosterHarness.Codes(progress));
        Assert.Equal((7, 2, 5), (progress.Total, progress.Applied, progress.Rejected));
        Assert.Equal("phone", progress.Errors[1].Field);
        Assert.StartsWith("Field 'phone':", progress.Errors[1].Message, StringComparison.Ordinal);
        Assert.All(progress.Errors, e => Assert.DoesNotContain("1391234", e.Message, StringComparison.Ordinal));
        Assert.All(progress.Errors, e => Assert.DoesNotContain("4101031980", e.Message, StringComparison.Ordinal));
        Assert.Equal("c2", (await harness.Domain.Org("g9").GetDetails())?.ParentId);
        Assert.Equal("139****5678", (await harness.Domain.Member("m8").GetDetails())?.Phone);
        Assert.Null((await harness.Domain.Org("d").GetDetails())?.ParentId);
    }

    [Fact]
    public async Task Lines_apply_in_order_creations_moves_and_transfers_included()
    {
        await using var harness = await RosterHarness.StartAsync();
        var progress = await harness.ImportAsync(string.Join('\n',
            """{"op":"upsert-org","id":"a","name":"区委","kind":"district"}""",
            """{"op":"upsert-org","id":"b","name":"街道 B","kind":"street","parentId":"a"}""",
            """{"op":"upsert-org","id":"c","name":"街道 C","kind":"street","parentId":"a"}""",
            """{"op":"upsert-org","id":"g","name":"网格","kind":"grid","parentId":"b"}""",
            """{"op":"upsert-member","id":"m1","name":"甲","status":"full","category":"in-service","orgId":"x"}""",
            """{"op":"upsert-org","id":"x","name":"社区 X","kind":"community","parentId":"b"}""",
            """{"op":"upsert-member","id":"m1","name":"甲","status":"full","category":"in-service","orgId":"x","residenceGridId":"g"}""",
            """{"op":"upsert-member","id":"m2","name":"乙","status":"probationary","category":"retired","orgId":"g"}""",
            """{"op":"upsert-org","id":"g","name":"网格","kind":"grid","parentId":"x"}""",
            """{"op":"upsert-member","id":"m2","name":"乙","status":"full","category":"retired","orgId":"x"}""",
            """{"op":"upsert-org","id":"x","name":"社区 X","kind":"community","parentId":"c"}""",
            """{"op":"remove-member","id":"m1"}""",
            """{"op":"upsert-org","id":"c","name":"街道 C","kind":"street","parentId":"g"}""",
            """{"op":"upsert-member","id":"m3","name":"丙","status":"full","category":"in-service","orgId":"g","residenceGridId":"g"}""",
            """{"op":"upsert-org","id":"g","name":"社区 G","kind":"community","parentId":"x"}""",
            """{"op":"upsert-member","id":"m3","name":"丙","status":"full","category":"in-service","orgId":"g","residenceGridId":null}""",
            """{"op":"upsert-org","id":"g","name":"社区 G","kind":"community","parentId":"x"}"""));

        Assert.Equal(["5:org-not-found", "13:cycle", "15:has-members"], RosterHarness.Codes(progress));
        var model = new RollupModel();
        model.Orgs["a"] = (null, OrganizationKind.District);
        model.Orgs["b"] = ("a", OrganizationKind.Street);
        model.Orgs["c"] = ("a", OrganizationKind.Street);
        model.Orgs["x"] = ("c", OrganizationKind.Community);
        model.Orgs["g"] = ("x", OrganizationKind.Community);
        model.Members["m1"] = new ModelMember(MemberStatus.Left, MemberCategory.InService, "x", "g", null);
        model.Members["m2"] = new ModelMember(MemberStatus.Full, MemberCategory.Retired, "x", null, null);
        model.Members["m3"] = new ModelMember(MemberStatus.Full, MemberCategory.InService, "g", null, null);
        await harness.Domain.AssertExactAsync(model);
        Assert.Equal(OrganizationKind.Community, (await harness.Domain.Org("g").GetDetails())?.Kind);
    }

    [Fact]
    public async Task A_batch_gives_what_applying_its_lines_one_by_one_gives()
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var lines = RandomRoster(new Random(seed), 300);
            await using var together = await RosterHarness.StartAsync(o => o.MaxInFlight = 64);
            var progress = await together.ImportAsync(string.Join('\n', lines));

            await using var oneByOne = await RosterHarness.StartAsync();
            var errors = new List<string>();
            for (var i = 0; i < lines.Count; i++)
            {
                var single = await oneByOne.ImportAsync(lines[i], key: "line-" + i);
                errors.AddRange(single.Errors.Select(e => $"{i + 1}:{e.Code}"));
            }

            Assert.Equal(errors, RosterHarness.Codes(progress));
            await Task.Delay(100);
            var commitments = await DescribeCommitmentsAsync(together);
            Assert.Equal(
                await oneByOne.DescribeAsync(RandomOrgIds, RandomMemberIds) + await DescribeCommitmentsAsync(oneByOne),
                await together.DescribeAsync(RandomOrgIds, RandomMemberIds) + commitments);

            // The roster exercises what it should: commitments made and refused for changed terms.
            Assert.Contains(": Done|", commitments, StringComparison.Ordinal);
            Assert.Contains(errors, e => e.EndsWith(":commitment-changed", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_returns_the_first_batch_and_changes_nothing()
    {
        await using var harness = await RosterHarness.StartAsync();
        var ndjson = new StringWriter();
        RosterWriter.WriteNdjson(District, ndjson);
        var first = await harness.PushAsync(ndjson.ToString(), key: "nightly-2026-11-22");
        var progress = await harness.CompletedAsync(first.BatchId);
        await harness.Domain.Member("m5").SetProfile(new MemberProfile("陈静", MemberStatus.Left, MemberCategory.Floating, "g2"));

        var again = await harness.PushAsync(ndjson.ToString(), key: "nightly-2026-11-22");
        var other = await harness.PushAsync("", key: "nightly-2026-11-22", caller: RosterHarness.Admin with { Subject = "another-job" });

        Assert.Equal((first.BatchId, false), (first.BatchId, first.Repeated));
        Assert.Equal((first.BatchId, true), (again.BatchId, again.Repeated));
        Assert.NotEqual(first.BatchId, other.BatchId);
        var repeated = await harness.Batch(first.BatchId).GetProgress();
        Assert.Equal(progress with { Errors = [] }, repeated! with { Errors = [] });
        Assert.Equal(MemberStatus.Left, (await harness.Domain.Member("m5").GetDetails())?.Status);
        Assert.Equal(0, (await harness.CompletedAsync(other.BatchId)).Total);
    }

    [Fact]
    public async Task An_upload_that_never_finished_is_replaced_by_the_retry_and_a_superseded_upload_is_refused()
    {
        await using var harness = await RosterHarness.StartAsync();
        var batchId = RosterIds.ForBatch(RosterHarness.Admin.Subject, "k");
        var batch = harness.Batch(batchId);
        var info = new RosterBatchInfo("k", RosterHarness.Admin, RosterFormat.Ndjson);
        var abandoned = await batch.Open(info);
        await batch.AppendLines(abandoned.Upload, [RosterLine.Of(1, new UpsertOrganization("lost", new("丢失", OrganizationKind.District, null)))]);
        Assert.Null(await batch.GetProgress());

        var retry = await harness.PushAsync("""{"op":"upsert-org","id":"kept","name":"保留","kind":"district"}""", key: "k");
        var progress = await harness.CompletedAsync(retry.BatchId);

        Assert.Equal((batchId, 1, 1), (retry.BatchId, progress.Total, progress.Applied));
        Assert.Null(await harness.Domain.Org("lost").GetDetails());
        Assert.NotNull(await harness.Domain.Org("kept").GetDetails());
        var late = await Assert.ThrowsAsync<DomainException>(() => batch.AppendLines(abandoned.Upload, []));
        Assert.Equal(RosterErrors.UploadSuperseded, late.Code);

        var racing = harness.Batch("rb-racing");
        var one = await racing.Open(info);
        var two = await racing.Open(info);
        Assert.Equal(RosterErrors.UploadSuperseded, (await Assert.ThrowsAsync<DomainException>(() => racing.Seal(one.Upload, 0))).Code);
        Assert.Equal(RosterErrors.UploadIncomplete, (await Assert.ThrowsAsync<DomainException>(() => racing.Seal(two.Upload, 3))).Code);
        Assert.Equal(0, (await racing.Seal(two.Upload, 0)).Total);
    }

    [Fact]
    public async Task A_caller_scoped_to_an_organization_changes_only_its_subtree()
    {
        await using var harness = await RosterHarness.StartAsync();
        var ndjson = new StringWriter();
        RosterWriter.WriteNdjson(District, ndjson);
        await harness.ImportAsync(ndjson.ToString(), key: "seed");

        var streetAdmin = new RosterCaller("s1-admin", ["org-admin"], "s1");
        var progress = await harness.ImportAsync(string.Join('\n',
            """{"op":"upsert-org","id":"g4","name":"第4网格","kind":"grid","parentId":"c1"}""",
            """{"op":"upsert-org","id":"g5","name":"第5网格","kind":"grid","parentId":"c2"}""",
            """{"op":"upsert-org","id":"g1","name":"第1网格(改)","kind":"grid","parentId":"c1"}""",
            """{"op":"upsert-org","id":"g3","name":"第3网格","kind":"grid","parentId":"c1"}""",
            """{"op":"upsert-org","id":"c1","name":"社区","kind":"community","parentId":"s2"}""",
            """{"op":"upsert-org","id":"s1","name":"街道","kind":"street","parentId":"d"}""",
            """{"op":"upsert-org","id":"r","name":"新区","kind":"district"}""",
            """{"op":"upsert-member","id":"m9","name":"新人","status":"full","category":"retired","orgId":"g4","residenceGridId":"g4"}""",
            """{"op":"upsert-member","id":"m10","name":"外人","status":"full","category":"retired","orgId":"g4","residenceGridId":"g3"}""",
            """{"op":"upsert-member","id":"m11","name":"外人","status":"full","category":"retired","orgId":"c2"}""",
            """{"op":"upsert-member","id":"m3","name":"张伟","status":"full","category":"in-service","orgId":"g1"}""",
            """{"op":"remove-member","id":"m6"}""",
            """{"op":"remove-member","id":"m5"}""",
            """{"op":"upsert-member","id":"m12","name":"无","status":"full","category":"retired","orgId":"nowhere"}"""),
            key: "street", caller: streetAdmin);

        Assert.Equal(
            ["2:out-of-scope", "4:out-of-scope", "5:out-of-scope", "6:out-of-scope", "7:out-of-scope", "9:out-of-scope", "10:out-of-scope",
                "11:out-of-scope", "12:out-of-scope", "14:org-not-found"],
            RosterHarness.Codes(progress));
        Assert.Equal("parentId", progress.Errors[0].Field);
        Assert.Equal("s1-admin", progress.SubmittedBy);
        Assert.Equal("第1网格(改)", (await harness.Domain.Org("g1").GetDetails())?.Name);
        Assert.Equal("c2", (await harness.Domain.Org("g3").GetDetails())?.ParentId);
        Assert.Null(await harness.Domain.Org("g5").GetDetails());
        Assert.Equal(MemberStatus.Left, (await harness.Domain.Member("m5").GetDetails())?.Status);
        Assert.Equal(MemberStatus.Full, (await harness.Domain.Member("m6").GetDetails())?.Status);
        Assert.Equal("g3", (await harness.Domain.Member("m3").GetDetails())?.OrgId);
    }

    private static readonly string[] RandomOrgIds = ["r", "o1", "o2", "o3", "o4", "o5", "o6"];
    private static readonly string[] RandomMemberIds = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"];

    private static readonly string[] RandomCommitmentKeys = ["k1", "k2"];

    /// <summary>A due date a year ahead (China Standard Time), which the random commitments share.</summary>
    private static readonly string CommitmentDueOn = CommitmentRules.Today(DateTimeOffset.UtcNow).AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every commitment the random rosters may make: its status, progress and where it counts.</summary>
    private static async Task<string> DescribeCommitmentsAsync(RosterHarness harness)
    {
        var owners = RandomMemberIds.Select(id => new CommitmentOwner(CommitmentOwnerKind.Member, id))
            .Concat(RandomOrgIds.Select(id => new CommitmentOwner(CommitmentOwnerKind.Org, id)));
        var text = new System.Text.StringBuilder();
        foreach (var owner in owners)
        {
            foreach (var key in RandomCommitmentKeys)
            {
                var c = await harness.Factory.GetGrain<ICommitmentGrain>(CommitmentImport.IdFor(owner, key)).GetDetails();
                text.AppendLine(c is null ? $"{owner.Id}/{key}: none" : $"{owner.Id}/{key}: {c.Status}|{c.Progress}|{c.Target}|{c.OrgId}|{c.Entries.Length}");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Lines over a few organizations and members, so they collide: creations, renames, moves (some
    /// making cycles), kind changes, members referring to organizations before and after they exist,
    /// transfers and departures, report-ins and their withdrawal, commitments of members and
    /// organizations made, changed, progressed and completed.
    /// </summary>
    private static List<string> RandomRoster(Random random, int count)
    {
        var lines = new List<string> { """{"op":"upsert-org","id":"r","name":"根","kind":"district"}""" };
        string[] kinds = ["community", "grid", "grid", "branch"];
        while (lines.Count < count)
        {
            var roll = random.Next(14);
            if (roll < 4)
            {
                var id = RandomOrgIds[1 + random.Next(RandomOrgIds.Length - 1)];
                var parent = RandomOrgIds[random.Next(RandomOrgIds.Length)];
                lines.Add($$"""{"op":"upsert-org","id":"{{id}}","name":"组织{{random.Next(3)}}","kind":"{{kinds[random.Next(kinds.Length)]}}","parentId":"{{parent}}"}""");
            }
            else if (roll < 9)
            {
                var id = RandomMemberIds[random.Next(RandomMemberIds.Length)];
                var org = RandomOrgIds[random.Next(RandomOrgIds.Length)];
                var grid = random.Next(3) == 0 ? "null" : $"\"{RandomOrgIds[random.Next(RandomOrgIds.Length)]}\"";
                var status = random.Next(4) == 0 ? "probationary" : "full";
                lines.Add($$"""{"op":"upsert-member","id":"{{id}}","name":"党员","status":"{{status}}","category":"in-service","orgId":"{{org}}","residenceGridId":{{grid}}}""");
            }
            else if (roll < 10)
            {
                lines.Add($$"""{"op":"remove-member","id":"{{RandomMemberIds[random.Next(RandomMemberIds.Length)]}}"}""");
            }
            else if (roll < 11)
            {
                var id = RandomMemberIds[random.Next(RandomMemberIds.Length)];
                lines.Add($$"""{"op":"report-in","memberId":"{{id}}","gridId":"{{RandomOrgIds[random.Next(RandomOrgIds.Length)]}}"}""");
            }
            else if (roll < 12)
            {
                lines.Add($$"""{"op":"withdraw-report-in","memberId":"{{RandomMemberIds[random.Next(RandomMemberIds.Length)]}}"}""");
            }
            else
            {
                var owner = random.Next(2) == 0
                    ? $"\"memberId\":\"{RandomMemberIds[random.Next(RandomMemberIds.Length)]}\""
                    : $"\"orgId\":\"{RandomOrgIds[random.Next(RandomOrgIds.Length)]}\"";
                var status = random.Next(4) == 0 ? ",\"status\":\"done\"" : "";
                lines.Add($$"""{"op":"upsert-commitment","id":"{{RandomCommitmentKeys[random.Next(2)]}}",{{owner}},"title":"承诺","target":{{1 + random.Next(2)}},"unit":"次","dueOn":"{{CommitmentDueOn}}","progress":{{random.Next(4)}}{{status}}}""");
            }
        }

        return lines;
    }
}
