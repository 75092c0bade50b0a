namespace PartyActors.Grains;

/// <summary>One recorded meeting with its attendees and minutes, keyed by meeting id.</summary>
[Alias("PartyActors.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithStringKey
{
    /// <summary>Stores the record; the same record again changes nothing, another one under the same id is refused.</summary>
    Task Record(MeetingRecord record);

    Task<MeetingRecord?> GetDetails();
}
