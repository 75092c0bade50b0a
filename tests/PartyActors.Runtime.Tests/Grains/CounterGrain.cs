namespace PartyActors.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Reads the counter, awaits, and writes it back plus one.</summary>
    Task<int> IncrementWithAwait();

    Task<int> Get();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _value;

    public CounterGrain(Probe probe) => probe.Record("counter.constructed");

    public async Task<int> IncrementWithAwait()
    {
        var read = _value;
        await Task.Yield();
        _value = read + 1;
        return _value;
    }

    public Task<int> Get() => Task.FromResult(_value);
}
