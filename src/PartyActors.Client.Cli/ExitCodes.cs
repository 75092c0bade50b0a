namespace PartyActors.Client.Cli;

/// <summary>The process's exit codes; scripts depend on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything went wrong: bad arguments, unreachable server, an error answer.</summary>
    public const int Failure = 1;

    /// <summary>A roster batch completed, but some of its lines were rejected.</summary>
    public const int LinesRejected = 2;
}
