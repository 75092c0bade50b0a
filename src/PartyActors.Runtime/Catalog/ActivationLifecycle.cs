using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PartyActors.Runtime;

/// <summary>Activation and deactivation of an <see cref="ActivationData"/>, and what its grain may ask of it.</summary>
internal sealed partial class ActivationData
{
    public IServiceProvider ActivationServices => Runtime.Services;

    public T GetRequiredService<T>() where T : notnull => Runtime.Services.GetRequiredService<T>();

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var name = storageName ?? PersistentStateAttribute.DefaultStorageName;
        var storage = Runtime.Services.GetKeyedService<IGrainStorage>(name) ?? throw new InvalidOperationException(
            $"Grain {GrainId} declares state '{stateName}' in storage '{name}', but no storage provider of that name is registered. " +
            $"Register one, for example with siloBuilder.AddMemoryGrainStorage(\"{name}\").");
        var state = new PersistentState<TState>(stateName, GrainId, storage, Runtime.Metrics);
        (_loaders ??= []).Add(() => state.ReadStateAsync());
        return state;
    }

    public IGrainLog<TEntry> GetGrainLog<TEntry>(string logName, string? storageName)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        var name = storageName ?? PersistentStateAttribute.DefaultStorageName;
        var storage = Runtime.Services.GetKeyedService<IGrainLogStorage>(name) ?? throw new InvalidOperationException(
            $"Grain {GrainId} declares log '{logName}' in storage '{name}', but no log storage of that name is registered. " +
            $"Register one, for example with siloBuilder.AddMemoryGrainStorage(\"{name}\").");
        var log = new GrainLog<TEntry>(logName, GrainId, storage, Runtime.Services.GetRequiredService<GrainStateSerializer>());
        (_loaders ??= []).Add(log.LoadAsync);
        return log;
    }

    /// <summary>The activation turn: construct, read state, <c>OnActivateAsync</c>. Runs on this scheduler.</summary>
    private async Task ActivateAsync()
    {
        Exception? failure = null;
        try
        {
            var grain = _classInfo!.Factory(this);
            grain.Attach(this);
            _instance = grain;
            if (_loaders is not null)
            {
                foreach (var load in _loaders)
                {
                    await load();
                }

                _loaders = null;
            }

            using var cancellation = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
            await grain.OnActivateAsync(cancellation.Token);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (failure is null)
        {
            lock (_lock)
            {
                _state = ActivationState.Valid;
                _lastActive = Runtime.TimeProvider.GetTimestamp();
            }

            Runtime.Metrics.ActivationCreated();
            return;
        }

        Runtime.Metrics.ActivationFailed();
        Runtime.Logger.LogWarning(failure, "Activation of {GrainId} failed; its queued calls fail and the next call tries again.", GrainId);
        foreach (var request in Invalidate())
        {
            request.Fail(failure);
        }

        _instance = null;
    }

    /// <summary>The deactivation turn: stop timers, <c>OnDeactivateAsync</c>, leave the catalog, pass queued calls on.</summary>
    private async Task DeactivateAsync()
    {
        var reason = _deactivationReason!.Value;
        _timers?.DisposeAll();
        try
        {
            using var cancellation = new CancellationTokenSource(Runtime.Options.DeactivationTimeout, Runtime.TimeProvider);
            await ((Grain)GrainInstance).OnDeactivateAsync(reason, cancellation.Token);
        }
        catch (Exception exception)
        {
            Runtime.Logger.LogWarning(exception, "OnDeactivateAsync of {GrainId} failed ({Reason}).", GrainId, reason.ReasonCode);
        }

        var queued = Invalidate();
        _instance = null;
        Runtime.Metrics.ActivationDeactivated();
        foreach (var request in queued)
        {
            if (request.IsSystem)
            {
                // A timer tick belongs to this activation and dies with it.
                continue;
            }

            Runtime.Dispatcher.Redispatch(request);
        }
    }

    /// <summary>
    /// Makes the activation invalid, removes it from the catalog and hands back what was still
    /// queued. After this, <see cref="TryEnqueue"/> refuses, so no request can be stranded here.
    /// </summary>
    private List<GrainRequest> Invalidate()
    {
        var queued = new List<GrainRequest>();
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            if (_pendingInterleaved is not null)
            {
                queued.AddRange(_pendingInterleaved);
                _pendingInterleaved.Clear();
            }

            if (_pending is not null)
            {
                queued.AddRange(_pending);
                _pending.Clear();
            }

            _inFlight -= queued.Count(request => !request.IsSystem);
        }

        Runtime.Catalog.Remove(this);
        return queued;
    }

    /// <summary>Removes a local object from service: its queued calls fail.</summary>
    public void InvalidateLocalObject()
    {
        foreach (var request in Invalidate())
        {
            request.Fail(new ObserverNotFoundException($"The observer {GrainId} was deleted."));
        }
    }

    /// <summary>Gives up on an activation that would not deactivate in time: its queued and running calls fail.</summary>
    public void Abandon()
    {
        _timers?.DisposeAll();
        List<GrainRequest> running;
        lock (_lock)
        {
            running = _running is null ? [] : [.. _running];
        }

        var failure = new SiloUnavailableException($"The silo stopped before {GrainId} finished.");
        foreach (var request in Invalidate().Concat(running))
        {
            request.Fail(failure);
        }
    }
}
