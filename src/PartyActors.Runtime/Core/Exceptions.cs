namespace PartyActors.Runtime;

/// <summary>The silo is stopping or stopped and accepts no more grain calls.</summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException() : base("The silo is shutting down and accepts no more grain calls.") { }

    public SiloUnavailableException(string message) : base(message) { }

    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A call was made to an observer reference that was deleted or never existed.</summary>
public sealed class ObserverNotFoundException : Exception
{
    public ObserverNotFoundException() : base("The observer is no longer available.") { }

    public ObserverNotFoundException(string message) : base(message) { }

    public ObserverNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
