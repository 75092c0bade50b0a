using Microsoft.Extensions.DependencyInjection;

namespace PartyActors.Storage;

/// <summary>
/// The <see cref="IGrainLog{TEntry}"/> handed to a grain. It joins the activation's lifecycle at
/// <see cref="GrainLifecycleStage.SetupState"/>, beside Orleans' persistent states, to read where the
/// log ends before <c>OnActivateAsync</c> runs.
/// </summary>
internal sealed class GrainLog<TEntry> : IGrainLog<TEntry>, ILifecycleObserver
{
    private readonly string _logName;
    private readonly IGrainContext _context;
    private readonly IGrainLogStorage _storage;
    private readonly JsonGrainStateSerializer _serializer;

    public GrainLog(string logName, IGrainContext context, IGrainLogStorage storage, JsonGrainStateSerializer serializer)
    {
        _logName = logName;
        _context = context;
        _storage = storage;
        _serializer = serializer;
        context.ObservableLifecycle.Subscribe($"{nameof(GrainLog<>)}:{logName}", GrainLifecycleStage.SetupState, this);
    }

    public long NextSequence { get; private set; } = 1;

    public async Task OnStart(CancellationToken cancellationToken = default) =>
        NextSequence = await _storage.GetNextSequenceAsync(_logName, _context.GrainId, cancellationToken);

    public Task OnStop(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<long> AppendAsync(IReadOnlyList<TEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return NextSequence;
        }

        var json = new ReadOnlyMemory<byte>[entries.Count];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = _serializer.SerializeToUtf8Bytes(entries[i]);
        }

        var first = await _storage.AppendAsync(_logName, _context.GrainId, json, NextSequence, cancellationToken);
        NextSequence = first + entries.Count;
        return first;
    }

    public async Task<IReadOnlyList<LogRecord<TEntry>>> ReadAsync(long fromSequence, long toSequence = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var stored = await _storage.ReadAsync(_logName, _context.GrainId, fromSequence, toSequence, cancellationToken);
        return [.. stored.Select(e => new LogRecord<TEntry>(e.Sequence, _serializer.Deserialize<TEntry>(e.Json.Span), e.At))];
    }

    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await _storage.DeleteAsync(_logName, _context.GrainId, cancellationToken);
        NextSequence = 1;
    }
}

/// <summary>
/// Maps <see cref="PersistentLogAttribute"/> on a grain constructor parameter to the factory of its
/// <see cref="GrainLog{TEntry}"/>: Orleans' facet mechanism, as for <c>[PersistentState]</c>.
/// </summary>
internal sealed class PersistentLogAttributeMapper : IAttributeToFactoryMapper<PersistentLogAttribute>
{
    public Factory<IGrainContext, object> GetFactory(System.Reflection.ParameterInfo parameter, PersistentLogAttribute metadata)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(metadata);
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IGrainLog<>))
        {
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType} is marked [PersistentLog] but is a {type}, not an {typeof(IGrainLog<>).Name}.",
                nameof(parameter));
        }

        var create = typeof(PersistentLogAttributeMapper)
            .GetMethod(nameof(Create), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.GetGenericArguments())
            .CreateDelegate<Func<IGrainContext, PersistentLogAttribute, object>>();
        return context => create(context, metadata);
    }

    private static object Create<TEntry>(IGrainContext context, PersistentLogAttribute metadata)
    {
        var services = context.ActivationServices;
        var storage = metadata.StorageName is { Length: > 0 } name
            ? services.GetKeyedService<IGrainLogStorage>(name)
            : services.GetService<IGrainLogStorage>();
        if (storage is null)
        {
            throw new InvalidOperationException(
                $"No grain log storage named '{metadata.StorageName ?? "(default)"}' is registered for log '{metadata.LogName}' of {context.GrainId}.");
        }

        return new GrainLog<TEntry>(metadata.LogName, context, storage, services.GetRequiredService<JsonGrainStateSerializer>());
    }
}
