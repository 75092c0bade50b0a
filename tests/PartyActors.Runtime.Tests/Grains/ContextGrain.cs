namespace PartyActors.Runtime.Tests.Grains;

public interface IContextGrain : IGrainWithStringKey
{
    /// <summary>The request-context value under <paramref name="key"/>, as this grain sees it.</summary>
    Task<string?> Read(string key);

    /// <summary>Asks another grain for the value, to show it flows along the call chain.</summary>
    Task<string?> ReadThrough(string otherKey, string key);

    /// <summary>Sets a value inside the grain, then asks another grain; the caller must not see it.</summary>
    Task<string?> SetAndCall(string otherKey, string key, string value);

    Task<int> Echo(int value);
}

public sealed class ContextGrain : Grain, IContextGrain
{
    public Task<string?> Read(string key) => Task.FromResult(RequestContext.Get(key) as string);

    public Task<string?> ReadThrough(string otherKey, string key) => GrainFactory.GetGrain<IContextGrain>(otherKey).Read(key);

    public Task<string?> SetAndCall(string otherKey, string key, string value)
    {
        RequestContext.Set(key, value);
        return GrainFactory.GetGrain<IContextGrain>(otherKey).Read(key);
    }

    public Task<int> Echo(int value) => Task.FromResult(value);
}

public interface IGuidKeyedGrain : IGrainWithGuidKey
{
    Task<Guid> Key();
}

public sealed class GuidKeyedGrain : Grain, IGuidKeyedGrain
{
    public Task<Guid> Key() => Task.FromResult(GetPrimaryKey());
}

public interface IIntegerKeyedGrain : IGrainWithIntegerKey
{
    Task<long> Key();
}

public sealed class IntegerKeyedGrain : Grain, IIntegerKeyedGrain
{
    public Task<long> Key() => Task.FromResult(GetPrimaryKeyLong());
}

public interface IOneWayGrain : IGrainWithStringKey
{
    [OneWay]
    Task Fire(int value);

    Task<int> Last();
}

public sealed class OneWayGrain : Grain, IOneWayGrain
{
    private int _last;

    public async Task Fire(int value)
    {
        await Task.Delay(50);
        _last = value;
    }

    public Task<int> Last() => Task.FromResult(_last);
}
