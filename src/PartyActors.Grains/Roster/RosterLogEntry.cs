namespace PartyActors.Grains;

/// <summary>
/// One line as the batch's log stores it: its operation in the field of its kind. Not a polymorphic
/// document with a type discriminator: PostgreSQL keeps log entries as <c>jsonb</c>, which does not
/// keep the order of keys, and System.Text.Json reads a discriminator only when it comes first.
/// </summary>
internal sealed record RosterLogEntry(
    int Number,
    UpsertOrganization? Organization = null,
    UpsertMember? Member = null,
    RemoveMember? Removal = null,
    RosterLineError? Error = null,
    ReportMemberIn? ReportIn = null,
    WithdrawMemberReportIn? Withdrawal = null,
    UpsertCommitment? Commitment = null)
{
    public static RosterLogEntry Of(RosterLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Operation switch
        {
            UpsertOrganization organization => new(line.Number, Organization: organization),
            UpsertMember member => new(line.Number, Member: member),
            RemoveMember removal => new(line.Number, Removal: removal),
            ReportMemberIn reportIn => new(line.Number, ReportIn: reportIn),
            WithdrawMemberReportIn withdrawal => new(line.Number, Withdrawal: withdrawal),
            UpsertCommitment commitment => new(line.Number, Commitment: commitment),
            null => new(line.Number, Error: line.Error ?? throw new ArgumentException($"Line {line.Number} holds neither an operation nor an error.", nameof(line))),
            _ => throw new ArgumentException($"No log form for {line.Operation.GetType().Name}.", nameof(line)),
        };
    }

    public RosterLine ToLine() => new(
        Number,
        (RosterOperation?)Organization ?? (RosterOperation?)Member ?? (RosterOperation?)Removal
            ?? (RosterOperation?)ReportIn ?? (RosterOperation?)Withdrawal ?? Commitment,
        Error);
}
