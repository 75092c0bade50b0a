namespace PartyActors.Runtime;

/// <summary>
/// Runs around every grain call on the callee's side, as Orleans' filter of the same name: for
/// logging, metrics, authorization context. Register with <c>AddIncomingGrainCallFilter</c>, or
/// implement it on a grain class to filter that grain's calls (it runs last, nearest the method).
/// A filter calls <see cref="IIncomingGrainCallContext.Invoke"/> to go on, or sets a result and returns.
/// </summary>
public interface IIncomingGrainCallFilter
{
    Task Invoke(IIncomingGrainCallContext context);
}

/// <summary>One grain call as filters see it.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain (or observer object) being called.</summary>
    object Grain { get; }

    GrainId TargetId { get; }

    /// <summary>The request: method, interface and arguments.</summary>
    GrainRequest Request { get; }

    string MethodName { get; }

    Type InterfaceType { get; }

    /// <summary>The method's result once <see cref="Invoke"/> has completed; a filter may replace it.</summary>
    object? Result { get; set; }

    /// <summary>Calls the next filter, or the method itself after the last one.</summary>
    Task Invoke();
}
