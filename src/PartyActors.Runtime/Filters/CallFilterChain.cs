namespace PartyActors.Runtime;

/// <summary>Runs a call through the silo's filters and the grain's own, then the method. Used only when filters exist.</summary>
internal sealed class CallFilterChain : IIncomingGrainCallContext
{
    private readonly ActivationData _activation;
    private readonly Func<object, GrainRequest, Task<object?>> _method;
    private readonly IIncomingGrainCallFilter? _grainFilter;
    private int _stage;

    private CallFilterChain(ActivationData activation, GrainRequest request, Func<object, GrainRequest, Task<object?>> method)
    {
        _activation = activation;
        Request = request;
        _method = method;
        _grainFilter = activation.GrainInstance as IIncomingGrainCallFilter;
    }

    public object Grain => _activation.GrainInstance;

    public GrainId TargetId => _activation.GrainId;

    public GrainRequest Request { get; }

    public string MethodName => Request.MethodName;

    public Type InterfaceType => Request.InterfaceType;

    public object? Result { get; set; }

    public static async Task<object?> InvokeAsync(ActivationData activation, GrainRequest request, Func<object, GrainRequest, Task<object?>> method)
    {
        var chain = new CallFilterChain(activation, request, method);
        await chain.Invoke();
        return chain.Result;
    }

    public async Task Invoke()
    {
        var filters = _activation.Runtime.CallFilters;
        var stage = _stage++;
        if (stage < filters.Length)
        {
            await filters[stage].Invoke(this);
        }
        else if (stage == filters.Length && _grainFilter is not null)
        {
            await _grainFilter.Invoke(this);
        }
        else if (stage == filters.Length + (_grainFilter is null ? 0 : 1))
        {
            Result = await _method(Grain, Request);
        }
        else
        {
            throw new InvalidOperationException("A call filter called Invoke more than once.");
        }
    }
}
