namespace PartyActors.Runtime;

internal sealed class ActivationData
{
    public GrainId GrainId { get; }
    public ActivationData(GrainId id) => GrainId = id;
    public RuntimeCore Runtime => throw new NotImplementedException();
    public object GrainInstance => throw new NotImplementedException();
    public bool HasCallFilters => false;
    public GrainTimerRegistry Timers => throw new NotImplementedException();
    public void RequestDeactivation(DeactivationReason reason) => throw new NotImplementedException();
    public void DelayDeactivation(TimeSpan t) => throw new NotImplementedException();
    public void OnTurnCompleted(GrainRequest request, Exception? error) => throw new NotImplementedException();
}
internal sealed class RuntimeCore { public IGrainFactory GrainFactory => throw new NotImplementedException(); }
internal sealed class GrainTimerRegistry { public IGrainTimer Register(Func<CancellationToken, Task> cb, GrainTimerCreationOptions o) => throw new NotImplementedException(); }
internal sealed class Dispatcher { public void Send(GrainReference r, GrainRequest q) => throw new NotImplementedException(); }
internal static class CallFilterChain { public static Task<object?> InvokeAsync(ActivationData a, GrainRequest r, Func<object, GrainRequest, Task<object?>> f) => throw new NotImplementedException(); }
