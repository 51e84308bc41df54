namespace Resilience.Telemetry;

/// <summary>The stable event ids of the library's log messages, for filtering and alerting on logs.</summary>
/// <remarks>Circuit events are 1xxx, retry 30xx, timeout 31xx, hedging 32xx, rate limiting and adaptive limits 33xx, monitoring and alerts 4xxx, the HTTP adapter 50xx, the telemetry seam 60xx. Ids are never reused.</remarks>
public static class ResilienceEventIds
{
    /// <summary>A circuit opened (Warning).</summary>
    public const int CircuitOpened = 1001;

    /// <summary>A circuit closed (Information).</summary>
    public const int CircuitClosed = 1002;

    /// <summary>A circuit became half-open (Information).</summary>
    public const int CircuitHalfOpened = 1003;

    /// <summary>A circuit was isolated by hand (Warning).</summary>
    public const int CircuitIsolated = 1004;

    /// <summary>A breaker of the registry took its reloaded options (Information).</summary>
    public const int OptionsReloaded = 1005;

    /// <summary>Reloaded options (of a breaker, a retry or timeout profile, a pipeline, an HTTP client) were invalid and ignored; the last valid options stay (Error).</summary>
    public const int OptionsReloadRejected = 1006;

    /// <summary>A <c>StateChanged</c> handler of a breaker threw; the breaker went on (Error; rate-limited).</summary>
    public const int CircuitStateChangedHandlerFailed = 1007;

    /// <summary>A breaker's break-duration generator threw; the default schedule applied (Error; rate-limited).</summary>
    public const int CircuitBreakDurationGeneratorFailed = 1008;

    /// <summary>A call succeeded slower than the breaker's slow-call duration and counted as a failure (Warning; rate-limited).</summary>
    public const int CircuitSlowCall = 1009;

    /// <summary>An outcome arrived after its breaker changed state and counted nowhere (Debug; rate-limited).</summary>
    public const int CircuitStaleOutcome = 1010;

    /// <summary>A <c>BreakerAdded</c> or <c>BreakerRemoved</c> handler of a circuit breaker registry threw; the registry went on (Error).</summary>
    public const int RegistryHandlerFailed = 1011;

    /// <summary>An operation is retried (Warning).</summary>
    public const int RetryAttempt = 3001;

    /// <summary>A retry was refused by the retry budget (Warning).</summary>
    public const int RetryBudgetExhausted = 3002;

    /// <summary>An operation timed out (Error).</summary>
    public const int TimedOut = 3101;

    /// <summary>An operation that ignores its cancellation token timed out and was abandoned (Error).</summary>
    public const int TimeoutAbandoned = 3102;

    /// <summary>An alert was raised, written by the logger alert sink (Warning).</summary>
    public const int AlertRaised = 4001;

    /// <summary>An alert sink failed to deliver an alert (Error).</summary>
    public const int AlertSinkFailed = 4002;

    /// <summary>The monitor's event queue overflowed and dropped its oldest events (Warning).</summary>
    public const int MonitorEventsDropped = 4003;

    /// <summary>A monitor evaluation failed (Error).</summary>
    public const int MonitorFailed = 4004;

    /// <summary>A hedged attempt was started (Information).</summary>
    public const int HedgedAttempt = 3201;

    /// <summary>A hedged attempt was refused by the retry budget (Warning).</summary>
    public const int HedgingBudgetExhausted = 3202;

    /// <summary>A user callback of the hedging stage threw; the call went on without it (Error).</summary>
    public const int HedgingCallbackFailed = 3203;

    /// <summary>The OnRejected callback of a rate-limiter stage threw; the call was still rejected (Error).</summary>
    public const int RateLimiterCallbackFailed = 3301;

    /// <summary>An HTTP client with per-authority breakers holds its maximum of authorities, none evictable: requests to new ones are refused (Warning).</summary>
    public const int HttpAuthorityLimitReached = 5001;

    /// <summary>Idle authorities (every circuit closed) were evicted from an HTTP client's store (Debug).</summary>
    public const int HttpAuthoritiesEvicted = 5002;

    /// <summary>An HTTP client named its maximum of authorities in telemetry; further ones are named <c>{client}/_other</c> (Information).</summary>
    public const int HttpAuthorityNamesExhausted = 5003;

    /// <summary>The idle sweep of an HTTP client's authority store failed; it runs again at the next interval (Error).</summary>
    public const int HttpAuthoritySweepFailed = 5004;

    /// <summary>A <see cref="ResilienceTelemetryListener"/> threw; its event was lost and the call went on (Error; rate-limited, reported to the same listener).</summary>
    public const int TelemetryListenerFailed = 6001;
}
