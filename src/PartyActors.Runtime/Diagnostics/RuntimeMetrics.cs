using System.Diagnostics.Metrics;

namespace PartyActors.Runtime;

/// <summary>
/// The runtime's instruments (meter <see cref="MeterName"/>). Instruments without a listener cost a
/// flag test, so the call path records unconditionally except where a timestamp would be needed.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "PartyActors.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _activationsDeactivated;
    private readonly Counter<long> _activationsFailed;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _callsFailed;
    private readonly Counter<long> _callsTimedOut;
    private readonly Histogram<double> _queueDelay;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _storageLatency;
    private readonly Counter<long> _storageFailures;

    public RuntimeMetrics(Func<int> activeActivations)
    {
        _meter = new Meter(MeterName);
        _activationsCreated = _meter.CreateCounter<long>("partyactors.activations.created", "{activation}", "Activations that completed OnActivateAsync.");
        _activationsDeactivated = _meter.CreateCounter<long>("partyactors.activations.deactivated", "{activation}", "Activations deactivated.");
        _activationsFailed = _meter.CreateCounter<long>("partyactors.activations.failed", "{activation}", "Activations whose activation threw.");
        _meter.CreateObservableGauge("partyactors.activations.active", activeActivations, "{activation}", "Activations in the catalog.");
        _calls = _meter.CreateCounter<long>("partyactors.calls", "{call}", "Grain calls started.");
        _callsFailed = _meter.CreateCounter<long>("partyactors.calls.failed", "{call}", "Grain calls whose method threw.");
        _callsTimedOut = _meter.CreateCounter<long>("partyactors.calls.timed_out", "{call}", "Grain calls that got no answer within the response timeout.");
        _queueDelay = _meter.CreateHistogram<double>("partyactors.calls.queue_delay", "ms", "Time from a call's arrival at its activation to the start of its turn.");
        _turnDuration = _meter.CreateHistogram<double>("partyactors.calls.turn_duration", "ms", "Time from the start of a call's turn to the completion of its task.");
        _storageLatency = _meter.CreateHistogram<double>("partyactors.storage.latency", "ms", "Time of a grain state read, write or clear.");
        _storageFailures = _meter.CreateCounter<long>("partyactors.storage.failures", "{operation}", "Grain state operations that threw.");
    }

    public void ActivationCreated() => _activationsCreated.Add(1);

    public void ActivationDeactivated() => _activationsDeactivated.Add(1);

    public void ActivationFailed() => _activationsFailed.Add(1);

    public void CallTimedOut() => _callsTimedOut.Add(1);

    public void CallStarted(TimeProvider time, long enqueuedAt, long startedAt)
    {
        _calls.Add(1);
        if (_queueDelay.Enabled)
        {
            _queueDelay.Record(time.GetElapsedTime(enqueuedAt, startedAt).TotalMilliseconds);
        }
    }

    public void CallCompleted(TimeProvider time, long startedAt, long completedAt, bool failed)
    {
        if (failed)
        {
            _callsFailed.Add(1);
        }

        if (_turnDuration.Enabled)
        {
            _turnDuration.Record(time.GetElapsedTime(startedAt, completedAt).TotalMilliseconds);
        }
    }

    public bool StorageLatencyEnabled => _storageLatency.Enabled;

    public void StorageOperation(string operation, double milliseconds, bool failed)
    {
        _storageLatency.Record(milliseconds, new KeyValuePair<string, object?>("operation", operation));
        if (failed)
        {
            _storageFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void Dispose() => _meter.Dispose();
}
