using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Resilience.CircuitBreaker;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// The library's meter and instruments. Each Record method first checks <see cref="Instrument.Enabled"/>, so when
/// nobody listens a call costs one field read and allocates nothing.
/// </summary>
/// <remarks>Thread-safe: instruments are thread-safe and the tracked-circuit set is a concurrent dictionary.</remarks>
internal static class ResilienceMetrics
{
    internal static readonly Meter Meter = new(ResilienceTelemetryNames.MeterName, typeof(ResilienceMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> CircuitCalls = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitCalls, "{call}", "Calls through a circuit breaker, by outcome.");

    internal static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitTransitions, "{transition}", "Circuit state transitions.");

    internal static readonly Histogram<double> CircuitCallDuration = Meter.CreateHistogram<double>(
        ResilienceTelemetryNames.CircuitCallDuration, "s", "Duration of calls through a circuit breaker.");

    internal static readonly Counter<long> CircuitCallbackErrors = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitCallbackErrors, "{error}", "Exceptions of user callbacks a circuit breaker absorbed.");

    internal static readonly Counter<long> CircuitSlowCalls = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitSlowCalls, "{call}", "Successful calls slower than the slow-call duration, counted as failures.");

    internal static readonly Counter<long> CircuitStaleOutcomes = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitStaleOutcomes, "{outcome}", "Outcomes that arrived after the circuit changed state and counted nowhere.");

    internal static readonly Counter<long> RetryAttempts = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetryAttempts, "{attempt}", "Retry attempts (each retry after the first call).");

    internal static readonly Counter<long> RetriesExhausted = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetriesExhausted, "{operation}", "Operations that failed after their last retry.");

    internal static readonly Counter<long> RetryBudgetExhausted = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetryBudgetExhausted, "{retry}", "Retries refused because the retry budget was spent.");

    internal static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.Timeouts, "{timeout}", "Operations cancelled by a timeout.");

    internal static readonly Counter<long> MonitorEventsDropped = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.MonitorEventsDropped, "{event}", "State-change events dropped by the monitor's full queue.");

    private static readonly ConcurrentDictionary<ICircuitStateSource, byte> TrackedCircuits = new();

    internal static readonly ObservableGauge<int> CircuitState = Meter.CreateObservableGauge(
        ResilienceTelemetryNames.CircuitState,
        ObserveCircuitStates,
        "{state}",
        "Circuit state: 0 closed, 1 half-open, 2 open, 3 isolated.");

    /// <summary>Adds a circuit to the state gauge; the registry calls this once per breaker it creates.</summary>
    public static void Track(ICircuitStateSource circuit) => TrackedCircuits.TryAdd(circuit, 0);

    /// <summary>Removes a circuit from the state gauge.</summary>
    public static void Untrack(ICircuitStateSource circuit) => TrackedCircuits.TryRemove(circuit, out _);

    /// <summary>Counts one call and, when <paramref name="startTimestamp"/> is not 0, records its duration.</summary>
    /// <param name="name">The breaker's name.</param>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="timeProvider">The breaker's clock.</param>
    /// <param name="startTimestamp">The value of <see cref="StartTimestamp"/> taken before the call.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordCall(string name, CallOutcomeKind outcome, TimeProvider timeProvider, long startTimestamp)
    {
        // Perf: two volatile-free field reads when nobody listens; the tag work happens out of line.
        if (CircuitCalls.Enabled || (startTimestamp != 0 && CircuitCallDuration.Enabled))
        {
            RecordCallCore(name, outcome, timeProvider, startTimestamp);
        }
    }

    /// <summary>Returns a timestamp to pass to <see cref="RecordCall"/>, or 0 when nobody listens to the duration histogram.</summary>
    /// <param name="timeProvider">The breaker's clock.</param>
    /// <returns>The start timestamp, or 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long StartTimestamp(TimeProvider timeProvider) => CircuitCallDuration.Enabled ? timeProvider.GetTimestamp() : 0;

    /// <summary>Records only the duration of a call (the breaker counts the call itself when it records the outcome).</summary>
    public static void RecordCallDuration(string name, CallOutcomeKind outcome, TimeProvider timeProvider, long startTimestamp)
    {
        if (CircuitCallDuration.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.OutcomeTag, TelemetryTagValues.ToTagValue(outcome) },
            };
            CircuitCallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, in tags);
        }
    }

    /// <summary>Counts a transition between two states.</summary>
    public static void RecordTransition(string name, CircuitState from, CircuitState to)
    {
        if (CircuitTransitions.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.FromStateTag, TelemetryTagValues.ToTagValue(from) },
                { ResilienceTelemetryNames.ToStateTag, TelemetryTagValues.ToTagValue(to) },
            };
            CircuitTransitions.Add(1, in tags);
        }
    }

    /// <summary>Counts an exception of a user callback a breaker absorbed.</summary>
    public static void RecordCallbackError(string name, string callback, string errorType)
    {
        if (CircuitCallbackErrors.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.CallbackTag, callback },
                { ResilienceTelemetryNames.ErrorTypeTag, errorType },
            };
            CircuitCallbackErrors.Add(1, in tags);
        }
    }

    /// <summary>Counts a slow call (it also counts as a failure in the calls counter).</summary>
    public static void RecordSlowCall(string name) => Add(CircuitSlowCalls, ResilienceTelemetryNames.CircuitBreakerNameTag, name);

    /// <summary>Counts a stale outcome, tagged with what it would have counted as.</summary>
    public static void RecordStaleOutcome(string name, CallOutcomeKind outcome)
    {
        if (CircuitStaleOutcomes.Enabled)
        {
            CircuitStaleOutcomes.Add(
                1,
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, name),
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.OutcomeTag, TelemetryTagValues.ToTagValue(outcome)));
        }
    }

    /// <summary>Counts one retry attempt.</summary>
    public static void RecordRetryAttempt(string name) => Add(RetryAttempts, ResilienceTelemetryNames.RetryNameTag, name);

    /// <summary>Counts an operation whose retries ran out.</summary>
    public static void RecordRetriesExhausted(string name) => Add(RetriesExhausted, ResilienceTelemetryNames.RetryNameTag, name);

    /// <summary>Counts a retry refused by the retry budget.</summary>
    public static void RecordRetryBudgetExhausted(string name) => Add(RetryBudgetExhausted, ResilienceTelemetryNames.RetryNameTag, name);

    /// <summary>Counts a timeout.</summary>
    /// <param name="operationType">The operation type whose timeout fired (a bounded set: health_check, standard_request...).</param>
    public static void RecordTimeout(string operationType) => Add(Timeouts, ResilienceTelemetryNames.TimeoutOperationTypeTag, operationType);

    /// <summary>Counts monitor events dropped by a full queue.</summary>
    public static void RecordMonitorEventDropped()
    {
        if (MonitorEventsDropped.Enabled)
        {
            MonitorEventsDropped.Add(1);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordCallCore(string name, CallOutcomeKind outcome, TimeProvider timeProvider, long startTimestamp)
    {
        var tags = new TagList
        {
            { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
            { ResilienceTelemetryNames.OutcomeTag, TelemetryTagValues.ToTagValue(outcome) },
        };
        CircuitCalls.Add(1, in tags);
        if (startTimestamp != 0 && CircuitCallDuration.Enabled)
        {
            CircuitCallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, in tags);
        }
    }

    private static void Add(Counter<long> counter, string tagName, string name)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(tagName, name));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveCircuitStates()
    {
        // Runs only when a listener collects; allocation here is off the call path.
        var measurements = new List<Measurement<int>>(TrackedCircuits.Count);
        foreach (var circuit in TrackedCircuits.Keys)
        {
            measurements.Add(new Measurement<int>(
                TelemetryTagValues.ToGaugeValue(circuit.State),
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, circuit.Name)));
        }

        return measurements;
    }
}
