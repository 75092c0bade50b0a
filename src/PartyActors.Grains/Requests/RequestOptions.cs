namespace PartyActors.Grains;

/// <summary>Settings of residents' requests (docs/requests.md); the SLA table and calendar admins set through the API override <see cref="SlaOptions.DefaultSla"/>.</summary>
public sealed class RequestOptions : SlaOptions
{
    public const string Section = "Requests";
}
