using System.Text.Json.Nodes;

namespace PartyActors.Grains.Tests.Roster;

public sealed class RosterStorageTests
{
    private static readonly JsonGrainStateSerializer Serializer = new();

    [Fact]
    public void Stored_lines_read_back_whatever_order_the_store_gives_their_keys()
    {
        // PostgreSQL keeps log entries as jsonb, which orders keys its own way.
        RosterLine[] lines =
        [
            RosterLine.Of(2, new UpsertOrganization("g1", new OrganizationDefinition("第1网格", OrganizationKind.Grid, "c1"))),
            RosterLine.Of(3, new UpsertMember("m1", new MemberProfile("王芳", MemberStatus.Full, MemberCategory.InService, "g1", "g1",
                Gender.Female, 1980, new DateOnly(2005, 7, 1), "13812345678", "41010319800101123X", ["医疗", "法律"]))),
            RosterLine.Of(4, new RemoveMember("m2")),
            RosterLine.Of(6, new ReportMemberIn("m1", "g1")),
            RosterLine.Of(7, new WithdrawMemberReportIn("m1")),
            RosterLine.Of(8, new UpsertCommitment("k1", new CommitmentImport("k1", new CommitmentOwner(CommitmentOwnerKind.Org, "c1"),
                new CommitmentTerms("建成议事厅", 1.5m, "个", new DateOnly(2026, 12, 31)), 0.5m, Done: true))),
            RosterLine.Unreadable(5, RosterErrors.InvalidId, "Field 'id' is not a valid id.", "id"),
        ];

        foreach (var line in lines)
        {
            var json = JsonNode.Parse(Serializer.SerializeToUtf8Bytes(RosterLogEntry.Of(line)))!;
            var read = Serializer.Deserialize<RosterLogEntry>(System.Text.Encoding.UTF8.GetBytes(Reversed(json)!.ToJsonString())).ToLine();

            Assert.Equal(line.Number, read.Number);
            Assert.Equal(line.Error, read.Error);
            Assert.Equal(Describe(line.Operation), Describe(read.Operation));
        }
    }

    private static JsonNode? Reversed(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reversed(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Reversed)]),
        _ => node?.DeepClone(),
    };

    private static string? Describe(RosterOperation? operation) => operation switch
    {
        UpsertMember m => $"{m.Id}|{m.Profile with { Skills = default }}|{m.Profile.Phone}|{m.Profile.IdNumber}|{string.Join(';', m.Profile.Skills)}",
        _ => operation?.ToString(),
    };
}
