using System.Collections.Immutable;
using PartyActors.Grains;
using PartyActors.Silo.Lists;

namespace PartyActors.Silo.Tests.Lists;

/// <summary>
/// How a subtree's ledger merges the pages of its organizations' ledgers (<see cref="SubtreeLedger.Merge{TEntry, TFilter}"/>):
/// each ledger gives its first <c>limit + 1</c> after the cursor, and reading page after page by the
/// cursor lists every entry once, in id order, however the entries are spread.
/// </summary>
public sealed class SubtreeLedgerTests
{
    private static RequestLedgerEntry Entry(string id) =>
        new(id, "g", "t", "c", RequestStatus.Open, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    public void Reading_by_the_cursor_lists_every_entry_of_every_ledger_once_in_id_order(int limit)
    {
        // Three organizations' ledgers, interleaved in id (filing) order, one of them empty.
        string[][] ledgers = [["a01", "a04", "a05", "a09", "a12"], ["a02", "a03", "a10"], [], ["a06", "a07", "a08", "a11"]];
        var read = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var cursor = after;
            var slice = SubtreeLedger.Merge<RequestLedgerEntry, RequestLedgerFilter>(
                ledgers.Select(ids => ids.Where(id => cursor is null || string.CompareOrdinal(id, cursor) > 0).Take(limit + 1).Select(Entry).ToImmutableArray()), limit);
            Assert.True(slice.Items.Length <= limit);
            read.AddRange(slice.Items.Select(e => e.Id));
            after = slice.Next;
            if (after is null)
            {
                break;
            }

            Assert.Equal(slice.Items[^1].Id, after);
        }

        Assert.Equal(ledgers.SelectMany(ids => ids).Order(StringComparer.Ordinal), read);
    }

    [Fact]
    public void The_last_page_has_no_cursor_even_when_it_is_full()
    {
        var slice = SubtreeLedger.Merge<RequestLedgerEntry, RequestLedgerFilter>([[Entry("a1"), Entry("a2")], []], 2);
        Assert.Equal(["a1", "a2"], slice.Items.Select(e => e.Id));
        Assert.Null(slice.Next);
    }
}
