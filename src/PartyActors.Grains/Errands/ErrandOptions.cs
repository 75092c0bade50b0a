namespace PartyActors.Grains;

/// <summary>Settings of errands (全程代办, docs/errands.md); the SLA table admins set through the API overrides <see cref="SlaOptions.DefaultSla"/>.</summary>
public sealed class ErrandOptions : SlaOptions
{
    public const string Section = "Errands";
}
