namespace PartyActors.Runtime.Tests.Grains;

public interface INewsObserver : IGrainObserver
{
    Task OnNews(int sequence);
}

public interface IPublisherGrain : IGrainWithStringKey
{
    Task Subscribe(INewsObserver observer);

    Task Publish(int sequence);

    Task<int> SubscriberCount();
}

/// <summary>Publishes to its subscribers through an <see cref="ObserverManager{TObserver}"/>, never awaiting them.</summary>
public sealed class PublisherGrain(TimeProvider time) : Grain, IPublisherGrain
{
    private readonly ObserverManager<INewsObserver> _subscribers = new(TimeSpan.FromMinutes(5), time);

    public Task Subscribe(INewsObserver observer)
    {
        _subscribers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(int sequence)
    {
        _subscribers.Notify(observer => observer.OnNews(sequence));
        return Task.CompletedTask;
    }

    public Task<int> SubscriberCount()
    {
        _subscribers.ClearExpired();
        return Task.FromResult(_subscribers.Count);
    }
}
