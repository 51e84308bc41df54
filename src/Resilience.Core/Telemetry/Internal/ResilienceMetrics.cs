using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// The library's meter and its counters and histograms (the circuit gauges are in <see cref="CircuitStateGauges"/>, the
/// bulkhead's in <c>BulkheadMetrics</c>). Each Record method first checks <see cref="Instrument.Enabled"/>, so when nobody
/// listens a call costs one field read and allocates nothing; with a listener, tags are a stack-allocated
/// <see cref="TagList"/> of strings that already exist (names, constants, cached type names), so it allocates nothing either.
/// </summary>
/// <remarks>
/// <para>To add an instrument: its name (and any new tag) as a constant in <see cref="ResilienceTelemetryNames"/>, a
/// field here created on <see cref="Meter"/> with a UCUM unit, a Record method that checks <c>Enabled</c> first, a row in
/// docs/observability.md, and the OpenTelemetry end-to-end test's expectations.</para>
/// <para>Thread-safe: instruments are thread-safe.</para>
/// </remarks>
internal static class ResilienceMetrics
{
    /// <summary>The meter every instrument belongs to; its version is the package version.</summary>
    internal static readonly Meter Meter = new(ResilienceTelemetryNames.MeterName, PackageVersion(typeof(ResilienceMetrics).Assembly));

    internal static readonly Counter<long> CircuitCalls = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitCalls, "{call}", "Calls through a circuit breaker, by outcome.");

    internal static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.CircuitTransitions, "{transition}", "Circuit state transitions.");

    internal static readonly Histogram<double> CircuitCallDuration = Meter.CreateHistogram(
        ResilienceTelemetryNames.CircuitCallDuration,
        "s",
        "Duration of calls through a circuit breaker.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ResilienceTelemetryNames.DurationBucketBoundaries });

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

    internal static readonly Counter<long> TelemetryListenerErrors = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.TelemetryListenerErrors, "{error}", "Exceptions a telemetry listener threw; each lost its event and never reached the call.");

    internal static readonly Counter<long> MonitorEventsDropped = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.MonitorEventsDropped, "{event}", "State-change events dropped by the monitor's full queue.");

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
        if (CircuitCalls.Enabled || (startTimestamp != 0 && CircuitCallDuration.Enabled))
        {
            RecordCallCore(name, outcome, errorType, timeProvider, startTimestamp);
        }
    }

    /// <summary>Returns a timestamp to pass to <see cref="RecordCall"/>, or 0 when nobody listens to the duration histogram.</summary>
    /// <param name="timeProvider">The breaker's clock.</param>
    /// <returns>The start timestamp, or 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long StartTimestamp(TimeProvider timeProvider) => CircuitCallDuration.Enabled ? timeProvider.GetTimestamp() : 0;

    /// <summary>Records only the duration of a call (the breaker counts the call itself when it records the outcome).</summary>
    public static void RecordCallDuration(string name, CallOutcomeKind outcome, string? errorType, TimeProvider timeProvider, long startTimestamp)
    {
        if (CircuitCallDuration.Enabled)
        {
            var tags = CallTags(name, outcome, errorType);
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

    /// <summary>Counts one retry attempt, tagged with the error of the attempt that failed.</summary>
    public static void RecordRetryAttempt(string name, in OutcomeArguments failed) => AddRetry(RetryAttempts, name, failed);

    /// <summary>Counts an operation whose retries ran out, tagged with the error of its last attempt.</summary>
    public static void RecordRetriesExhausted(string name, in OutcomeArguments failed) => AddRetry(RetriesExhausted, name, failed);

    /// <summary>Counts a retry refused by the retry budget, tagged with the error it would have retried.</summary>
    public static void RecordRetryBudgetExhausted(string name, in OutcomeArguments failed) => AddRetry(RetryBudgetExhausted, name, failed);

    /// <summary>Counts a timeout.</summary>
    /// <param name="name">The name of the timeout (the pipeline's, or the manager's when called directly).</param>
    /// <param name="operationType">The operation type whose timeout fired (health_check, standard_request...).</param>
    public static void RecordTimeout(string name, string operationType)
    {
        if (Timeouts.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.TimeoutNameTag, name },
                { ResilienceTelemetryNames.TimeoutOperationTypeTag, operationType },
            };
            Timeouts.Add(1, in tags);
        }
    }

    /// <summary>Counts an exception a telemetry listener threw, tagged with its <c>error.type</c>.</summary>
    public static void RecordTelemetryListenerError(string errorType) =>
        Add(TelemetryListenerErrors, ResilienceTelemetryNames.ErrorTypeTag, errorType);

    /// <summary>Counts monitor events dropped by a full queue.</summary>
    public static void RecordMonitorEventDropped()
    {
        if (MonitorEventsDropped.Enabled)
        {
            MonitorEventsDropped.Add(1);
        }
    }

    /// <summary>The package version of an assembly (its informational version without the <c>+commit</c> build metadata).</summary>
    internal static string? PackageVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return assembly.GetName().Version?.ToString(3);
        }

        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RecordCallCore(string name, CallOutcomeKind outcome, string? errorType, TimeProvider timeProvider, long startTimestamp)
    {
        var tags = CallTags(name, outcome, errorType);
        CircuitCalls.Add(1, in tags);
        if (startTimestamp != 0 && CircuitCallDuration.Enabled)
        {
            CircuitCallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, in tags);
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

    private static void Add(Counter<long> counter, string tagName, string name)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(tagName, name));
        }
    }

    private static void AddRetry(Counter<long> counter, string name, in OutcomeArguments failed)
    {
        if (counter.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.RetryNameTag, name },
                { ResilienceTelemetryNames.ErrorTypeTag, ErrorTypes.Of(failed) },
            };
            counter.Add(1, in tags);
        }
    }
}
