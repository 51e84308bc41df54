namespace Resilience.Telemetry;

/// <summary>
/// The names of the library's meter and activity source, for wiring telemetry exporters
/// (for example <c>AddMeter(ResilienceTelemetryNames.MeterName)</c> in OpenTelemetry).
/// </summary>
/// <remarks>The names are stable: renaming one is a breaking change. The instrument and tag names (internal here, each
/// package keeps its own) are just as stable; docs/observability.md lists each with its unit and tags.</remarks>
public static class ResilienceTelemetryNames
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every instrument belongs to.</summary>
    public const string MeterName = "Resilience";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of the library.</summary>
    public const string ActivitySourceName = "Resilience";

    /// <summary>Observable gauge: per circuit and per state (the <see cref="CircuitStateTag"/> attribute), 1 for the state the circuit is in and 0 for the three others.</summary>
    internal const string CircuitState = "resilience.circuit_breaker.state";

    /// <summary>Observable gauge: how long each circuit has been in its current state, in seconds.</summary>
    internal const string CircuitStateDuration = "resilience.circuit_breaker.state.duration";

    /// <summary>Observable gauge: how long until an open circuit admits probe calls, in seconds; 0 when it is not open.</summary>
    internal const string CircuitBreakRemaining = "resilience.circuit_breaker.break.remaining";

    /// <summary>Counter: calls through a circuit breaker, tagged with their outcome.</summary>
    internal const string CircuitCalls = "resilience.circuit_breaker.calls";

    /// <summary>Counter: circuit state transitions, tagged with the states left and entered.</summary>
    internal const string CircuitTransitions = "resilience.circuit_breaker.transitions";

    /// <summary>Histogram: the duration of calls through a circuit breaker, in seconds.</summary>
    internal const string CircuitCallDuration = "resilience.circuit_breaker.call.duration";

    /// <summary>Counter: exceptions of user callbacks a circuit breaker absorbed (a <c>StateChanged</c> handler, the break-duration generator), tagged with the callback and <c>error.type</c>.</summary>
    internal const string CircuitCallbackErrors = "resilience.circuit_breaker.callback.errors";

    /// <summary>Counter: calls that succeeded but took longer than <c>SlowCallDuration</c>, so they counted as failures.</summary>
    internal const string CircuitSlowCalls = "resilience.circuit_breaker.slow_calls";

    /// <summary>Counter: outcomes that arrived after the circuit changed state since their call was admitted, so they counted nowhere.</summary>
    internal const string CircuitStaleOutcomes = "resilience.circuit_breaker.stale_outcomes";

    /// <summary>Counter: retry attempts (the first call is not an attempt; each retry is).</summary>
    internal const string RetryAttempts = "resilience.retry.attempts";

    /// <summary>Counter: operations that failed after using all their retries.</summary>
    internal const string RetriesExhausted = "resilience.retry.exhausted";

    /// <summary>Counter: retries refused because the retry budget was spent.</summary>
    internal const string RetryBudgetExhausted = "resilience.retry.budget.exhausted";

    /// <summary>Counter: operations cancelled by a timeout.</summary>
    internal const string Timeouts = "resilience.timeouts";

    /// <summary>Counter: exceptions a <see cref="ResilienceTelemetryListener"/> threw (each lost its event; the call went on), tagged with <c>error.type</c>.</summary>
    internal const string TelemetryListenerErrors = "resilience.telemetry.listener.errors";

    /// <summary>Tag: the name of the circuit breaker (bounded by the registry's <c>MaxBreakers</c>).</summary>
    internal const string CircuitBreakerNameTag = "circuit_breaker.name";

    /// <summary>Tag: a circuit state (<c>closed</c>, <c>half_open</c>, <c>open</c>, <c>isolated</c>), on the state gauge and the rejection event.</summary>
    internal const string CircuitStateTag = "circuit_breaker.state";

    /// <summary>Tag (OpenTelemetry's <c>error.type</c>): on a failed outcome, the exception's full type name, an HTTP response's
    /// status code (<c>503</c>), another failed result's full type name, <c>slow_call</c> for a success slower than the breaker's
    /// slow-call duration, or <c>_OTHER</c>. Never a message.</summary>
    internal const string ErrorTypeTag = "error.type";

    /// <summary>Tag: the outcome of a call (<c>success</c>, <c>failure</c>, <c>ignored</c>, <c>rejected</c>).</summary>
    internal const string OutcomeTag = "resilience.outcome";

    /// <summary>Tag: the state a transition left (<c>closed</c>, <c>half_open</c>, <c>open</c>, <c>isolated</c>).</summary>
    internal const string FromStateTag = "circuit_breaker.state.from";

    /// <summary>Tag: the state a transition entered.</summary>
    internal const string ToStateTag = "circuit_breaker.state.to";

    /// <summary>Tag: the user callback that threw (<c>state_changed</c>, <c>break_duration_generator</c>).</summary>
    internal const string CallbackTag = "resilience.callback";

    /// <summary>Tag: the name of the retry stage: <c>RetryOptions.Name</c>, else the pipeline's name (the client or service it protects), else <c>default</c>.</summary>
    internal const string RetryNameTag = "retry.name";

    /// <summary>Tag: the name of the timeout: the stage's pipeline name (the client or service it protects), else <c>TimeoutOptions.Name</c>, else <c>default</c>.</summary>
    internal const string TimeoutNameTag = "timeout.name";

    /// <summary>Tag: the operation type whose timeout fired (<c>health_check</c>, <c>standard_request</c>, <c>long_operation</c>, <c>batch_operation</c> or a custom type).</summary>
    internal const string TimeoutOperationTypeTag = "timeout.operation_type";

    /// <summary>Gets the bucket boundaries, in seconds, the duration histogram advises exporters to use: OpenTelemetry's HTTP
    /// duration buckets from 5 ms to 10 s, then 30 s and 60 s for calls that run into long timeouts.</summary>
    internal static IReadOnlyList<double> DurationBucketBoundaries { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    /// <summary>Activity event added to the current activity before a retry.</summary>
    internal const string RetryEvent = "resilience.retry";

    /// <summary>Activity event added to the current activity when a call is rejected (for example by an open circuit).</summary>
    internal const string RejectionEvent = "resilience.rejected";

    /// <summary>Activity event added to the current activity when a timeout fires.</summary>
    internal const string TimeoutEvent = "resilience.timeout";

}
