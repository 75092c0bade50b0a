using System.Collections;
using System.Collections.Concurrent;

namespace PartyActors.Runtime;

/// <summary>
/// The subscribers of a grain, as Orleans' <c>ObserverManager</c>: subscriptions expire unless
/// renewed, and a notification is sent to each without waiting for any. A subscriber whose
/// notification throws or faults is dropped; a slow one only delays itself. Use it from the grain's
/// turns (it is not thread-safe, as grain state never needs to be).
/// </summary>
public sealed class ObserverManager<TObserver> : IReadOnlyCollection<TObserver>
    where TObserver : class
{
    private readonly Dictionary<TObserver, long> _lastSeen = [];
    private readonly ConcurrentQueue<TObserver> _defunct = new();
    private readonly TimeProvider _time;

    /// <param name="expiration">How long a subscription lasts without being renewed.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public ObserverManager(TimeSpan expiration, TimeProvider? timeProvider = null)
    {
        if (expiration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiration), expiration, "Must be positive.");
        }

        ExpirationDuration = expiration;
        _time = timeProvider ?? TimeProvider.System;
    }

    public TimeSpan ExpirationDuration { get; set; }

    public int Count => _lastSeen.Count;

    /// <summary>Adds a subscriber, or renews its subscription.</summary>
    public void Subscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _lastSeen[observer] = _time.GetTimestamp();
    }

    public bool Unsubscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _lastSeen.Remove(observer);
    }

    public void Clear() => _lastSeen.Clear();

    /// <summary>Drops expired subscriptions and those whose notifications failed; returns how many went.</summary>
    public int ClearExpired()
    {
        var removed = 0;
        while (_defunct.TryDequeue(out var failed))
        {
            removed += _lastSeen.Remove(failed) ? 1 : 0;
        }

        var now = _time.GetTimestamp();
        List<TObserver>? expired = null;
        foreach (var (observer, seen) in _lastSeen)
        {
            if (_time.GetElapsedTime(seen, now) > ExpirationDuration)
            {
                (expired ??= []).Add(observer);
            }
        }

        if (expired is not null)
        {
            foreach (var observer in expired)
            {
                removed += _lastSeen.Remove(observer) ? 1 : 0;
            }
        }

        return removed;
    }

    /// <summary>Sends a one-way notification to every live subscriber (optionally those matching <paramref name="predicate"/>).</summary>
    public void Notify(Action<TObserver> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Notify(observer =>
        {
            notification(observer);
            return Task.CompletedTask;
        }, predicate);
    }

    /// <summary>
    /// Sends a notification whose task is not awaited: the grain goes on at once. A subscriber whose
    /// task faults is dropped before the next notification.
    /// </summary>
    public void Notify(Func<TObserver, Task> notification, Func<TObserver, bool>? predicate = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ClearExpired();
        List<TObserver>? failed = null;
        foreach (var observer in _lastSeen.Keys)
        {
            if (predicate is not null && !predicate(observer))
            {
                continue;
            }

            Task pending;
            try
            {
                pending = notification(observer);
            }
            catch (Exception)
            {
                (failed ??= []).Add(observer);
                continue;
            }

            if (pending.IsFaulted)
            {
                _ = pending.Exception;
                (failed ??= []).Add(observer);
            }
            else if (!pending.IsCompleted)
            {
                _ = pending.ContinueWith(
                    static (task, state) =>
                    {
                        var (defunct, observer) = ((ConcurrentQueue<TObserver>, TObserver))state!;
                        _ = task.Exception;
                        defunct.Enqueue(observer);
                    },
                    (_defunct, observer),
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        RemoveAll(failed);
    }

    public IEnumerator<TObserver> GetEnumerator() => _lastSeen.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void RemoveAll(List<TObserver>? observers)
    {
        if (observers is null)
        {
            return;
        }

        foreach (var observer in observers)
        {
            _lastSeen.Remove(observer);
        }
    }
}
