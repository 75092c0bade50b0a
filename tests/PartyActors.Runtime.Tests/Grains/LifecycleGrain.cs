namespace PartyActors.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Ping();

    Task Leave();

    Task KeepAliveFor(TimeSpan duration);

    Task Fail(string message);

    Task FailInconsistently();
}

/// <summary>Reports its activation and deactivation to the probe under its key.</summary>
public sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain
{
    private readonly Guid _instance = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<string> Ping() => Task.FromResult(_instance.ToString("N"));

    public Task Leave()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan duration)
    {
        DelayDeactivation(duration);
        return Task.CompletedTask;
    }

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task FailInconsistently() => throw new InconsistentStateException("stale");
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task Ping();
}

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedGrain(Probe probe) : Grain, IShortLivedGrain
{
    public Task Ping() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"short-deactivate:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }
}

public interface IFlakyActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>Its first activation throws; later ones succeed.</summary>
public sealed class FlakyActivationGrain(Probe probe) : Grain, IFlakyActivationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record("flaky.attempt");
        if (probe.Count("flaky.attempt") == 1)
        {
            await probe.Gate.Task;
            throw new InvalidOperationException("first activation fails");
        }
    }

    public Task<int> Ping() => Task.FromResult(probe.Count("flaky.attempt"));
}
