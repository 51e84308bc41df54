namespace Resilience.Telemetry;

/// <summary>The stable event ids of Core's events (docs/observability.md lists every package's ids for filtering and alerting on logs).</summary>
/// <remarks>Internal: users filter on the documented numbers. Each package keeps its own ids (Monitoring 40xx in
/// <c>MonitoringEventIds</c>, the HTTP adapter 50xx in <c>HttpEventIds</c>, the rate limiter 3301). Circuit events are 1xxx, retry 30xx, timeout 31xx, hedging 32xx, rate limiting and adaptive limits 33xx, monitoring and alerts 4xxx, the HTTP adapter 50xx, the telemetry seam 60xx. Ids are never reused.</remarks>
internal static class ResilienceEventIds
{
    /// <summary>A circuit opened (Warning).</summary>
    internal const int CircuitOpened = 1001;

    /// <summary>A circuit closed (Information).</summary>
    internal const int CircuitClosed = 1002;

    /// <summary>A circuit became half-open (Information).</summary>
    internal const int CircuitHalfOpened = 1003;

    /// <summary>A circuit was isolated by hand (Warning).</summary>
    internal const int CircuitIsolated = 1004;

    /// <summary>A breaker of the registry took its reloaded options (Information).</summary>
    internal const int OptionsReloaded = 1005;

    /// <summary>Reloaded options (of a breaker, a retry or timeout profile, a pipeline, an HTTP client) were invalid and ignored; the last valid options stay (Error).</summary>
    internal const int OptionsReloadRejected = 1006;

    /// <summary>A <c>StateChanged</c> handler of a breaker threw; the breaker went on (Error; rate-limited).</summary>
    internal const int CircuitStateChangedHandlerFailed = 1007;

    /// <summary>A breaker's break-duration generator threw; the default schedule applied (Error; rate-limited).</summary>
    internal const int CircuitBreakDurationGeneratorFailed = 1008;

    /// <summary>A call succeeded slower than the breaker's slow-call duration and counted as a failure (Warning; rate-limited).</summary>
    internal const int CircuitSlowCall = 1009;

    /// <summary>An outcome arrived after its breaker changed state and counted nowhere (Debug; rate-limited).</summary>
    internal const int CircuitStaleOutcome = 1010;

    /// <summary>A <c>BreakerAdded</c> or <c>BreakerRemoved</c> handler of a circuit breaker registry threw; the registry went on (Error).</summary>
    internal const int RegistryHandlerFailed = 1011;

    /// <summary>An operation is retried (Warning).</summary>
    internal const int RetryAttempt = 3001;

    /// <summary>A retry was refused by the retry budget (Warning).</summary>
    internal const int RetryBudgetExhausted = 3002;

    /// <summary>An operation timed out (Error).</summary>
    internal const int TimedOut = 3101;

    /// <summary>An operation that ignores its cancellation token timed out and was abandoned (Error).</summary>
    internal const int TimeoutAbandoned = 3102;

    /// <summary>A <see cref="ResilienceTelemetryListener"/> threw; its event was lost and the call went on (Error; rate-limited, reported to the same listener).</summary>
    internal const int TelemetryListenerFailed = 6001;
}
