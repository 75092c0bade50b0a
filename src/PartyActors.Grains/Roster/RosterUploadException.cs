namespace PartyActors.Grains;

/// <summary>
/// The upload as a whole cannot be read as a roster (a CSV file without its header row): nothing is
/// applied, and the HTTP layer answers 400 with <see cref="Code"/>. Problems of single lines are not
/// this: they are recorded against their line while the rest applies.
/// </summary>
public sealed class RosterUploadException : Exception
{
    public RosterUploadException(string code, string message)
        : base(message) => Code = code;

    public RosterUploadException()
        : this("invalid-roster", "The roster cannot be read.")
    {
    }

    public RosterUploadException(string message)
        : this("invalid-roster", message)
    {
    }

    public RosterUploadException(string message, Exception innerException)
        : base(message, innerException) => Code = "invalid-roster";

    /// <summary>A stable code: <c>missing-header</c>, <c>invalid-header</c>.</summary>
    public string Code { get; }
}
