namespace PartyActors.Grains;

/// <summary>One recorded meeting (三会一课): written before its organization lists it, never changed after.</summary>
[GrainType("meeting")]
internal sealed class MeetingGrain([PersistentState("meeting")] IPersistentState<MeetingState> store) : Grain, IMeetingGrain
{
    public async Task Record(MeetingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (store.State.Record is { } existing)
        {
            if (existing.OrgId == record.OrgId && existing.Type == record.Type && existing.Date == record.Date
                && existing.Attendees.SequenceEqual(record.Attendees, StringComparer.Ordinal) && existing.Minutes == record.Minutes)
            {
                return;
            }

            throw new DomainException(DomainErrorKind.Conflict, LifeRules.MeetingExists, $"Meeting '{record.Id}' was recorded already with other details.");
        }

        store.State.Record = record;
        await store.WriteOrDeactivateAsync(this, () => store.State.Record = null);
    }

    public Task<MeetingRecord?> GetDetails() => Task.FromResult(store.State.Record);
}
