using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The circuit breaker's counters and histogram on the library's meter (<see cref="ResilienceMetrics.Meter"/>; the state
/// gauges are in <see cref="CircuitStateGauges"/>). Each Record method first checks <see cref="Instrument.Enabled"/>, so
/// when nobody listens a call costs one field read and allocates nothing; with a listener, tags are a stack-allocated
/// <see cref="TagList"/> of strings that already exist (names, constants, cached type names), so it allocates nothing either.
/// </summary>
/// <remarks>
/// <para>The breaker's telemetry lives with the breaker, on general primitives of <c>Telemetry</c> (the meter, the tag
/// names, <see cref="ErrorTypes"/>): the Telemetry folder knows nothing of circuit breakers.</para>
/// <para>Thread-safe: instruments are thread-safe.</para>
/// </remarks>
internal static class CircuitBreakerMetrics
{
    internal static readonly Counter<long> Calls = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitCalls, "{call}", "Calls through a circuit breaker, by outcome.");

    internal static readonly Counter<long> Transitions = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitTransitions, "{transition}", "Circuit state transitions.");

    internal static readonly Histogram<double> CallDuration = ResilienceMetrics.Meter.CreateHistogram(
        ResilienceTelemetryNames.CircuitCallDuration,
        "s",
        "Duration of calls through a circuit breaker.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ResilienceTelemetryNames.DurationBucketBoundaries });

    internal static readonly Counter<long> CallbackErrors = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitCallbackErrors, "{error}", "Exceptions of user callbacks a circuit breaker absorbed.");

    internal static readonly Counter<long> SlowCalls = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitSlowCalls, "{call}", "Successful calls slower than the slow-call duration, counted as failures.");

    internal static readonly Counter<long> StaleOutcomes = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitStaleOutcomes, "{outcome}", "Outcomes that arrived after the circuit changed state and counted nowhere.");

    /// <summary>The <c>circuit_breaker.state</c> tag value of a state; constant strings so tagging allocates nothing.</summary>
    public static string ToTagValue(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Open => "open",
        _ => "isolated",
    };

    /// <summary>Counts one call and, when <paramref name="startTimestamp"/> is not 0, records its duration.</summary>
    /// <param name="name">The breaker's name.</param>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="errorType">The <c>error.type</c> of a failure (see <see cref="ErrorTypes"/>); ignored for other outcomes.</param>
    /// <param name="timeProvider">The breaker's clock.</param>
    /// <param name="startTimestamp">The value of <see cref="StartTimestamp"/> taken before the call.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordCall(string name, CallOutcomeKind outcome, string? errorType, TimeProvider timeProvider, long startTimestamp)
    {
        // Perf: two volatile-free field reads when nobody listens; the tag work happens out of line.
        if (Calls.Enabled || (startTimestamp != 0 && CallDuration.Enabled))
        {
            RecordCallCore(name, outcome, errorType, timeProvider, startTimestamp);
        }
    }

    /// <summary>Returns a timestamp to pass to <see cref="RecordCall"/>, or 0 when nobody listens to the duration histogram.</summary>
    /// <param name="timeProvider">The breaker's clock.</param>
    /// <returns>The start timestamp, or 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long StartTimestamp(TimeProvider timeProvider) => CallDuration.Enabled ? timeProvider.GetTimestamp() : 0;

    /// <summary>Records only the duration of a call (the breaker counts the call itself when it records the outcome).</summary>
    public static void RecordCallDuration(string name, CallOutcomeKind outcome, string? errorType, TimeProvider timeProvider, long startTimestamp)
    {
        if (CallDuration.Enabled)
        {
            var tags = CallTags(name, outcome, errorType);
            CallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, in tags);
        }
    }

    /// <summary>Counts a transition between two states.</summary>
    public static void RecordTransition(string name, CircuitState from, CircuitState to)
    {
        if (Transitions.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.FromStateTag, ToTagValue(from) },
                { ResilienceTelemetryNames.ToStateTag, ToTagValue(to) },
            };
            Transitions.Add(1, in tags);
        }
    }

    /// <summary>Counts an exception of a user callback a breaker absorbed.</summary>
    public static void RecordCallbackError(string name, string callback, string errorType)
    {
        if (CallbackErrors.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.CallbackTag, callback },
                { ResilienceTelemetryNames.ErrorTypeTag, errorType },
            };
            CallbackErrors.Add(1, in tags);
        }
    }

    /// <summary>Counts a slow call (it also counts as a failure in the calls counter).</summary>
    public static void RecordSlowCall(string name)
    {
        if (SlowCalls.Enabled)
        {
            SlowCalls.Add(1, new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, name));
        }
    }

    /// <summary>Counts a stale outcome, tagged with what it would have counted as.</summary>
    public static void RecordStaleOutcome(string name, CallOutcomeKind outcome)
    {
        if (StaleOutcomes.Enabled)
        {
            StaleOutcomes.Add(
                1,
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, name),
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.OutcomeTag, TelemetryTagValues.ToTagValue(outcome)));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordCallCore(string name, CallOutcomeKind outcome, string? errorType, TimeProvider timeProvider, long startTimestamp)
    {
        var tags = CallTags(name, outcome, errorType);
        Calls.Add(1, in tags);
        if (startTimestamp != 0 && CallDuration.Enabled)
        {
            CallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, in tags);
        }
    }

    private static TagList CallTags(string name, CallOutcomeKind outcome, string? errorType)
    {
        var tags = new TagList
        {
            { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
            { ResilienceTelemetryNames.OutcomeTag, TelemetryTagValues.ToTagValue(outcome) },
        };
        if (outcome == CallOutcomeKind.Failure)
        {
            tags.Add(ResilienceTelemetryNames.ErrorTypeTag, errorType ?? ErrorTypes.Other);
        }

        return tags;
    }
}
