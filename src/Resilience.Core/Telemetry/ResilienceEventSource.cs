namespace Resilience.Telemetry;

/// <summary>The kind of component that raised a <see cref="ResilienceEvent"/>.</summary>
/// <remarks>The ILogger adapter logs each kind under its own category: <c>Resilience.CircuitBreaking</c> (breakers and the
/// registry's breaker events), <c>Resilience.Retry</c>, <c>Resilience.Timeout</c>, <c>Resilience.Hedging</c> and <c>Resilience.RateLimiting</c>.</remarks>
public enum ResilienceEventSource
{
    /// <summary>A circuit breaker, or the registry about one of its breakers.</summary>
    CircuitBreaker,

    /// <summary>A retry stage.</summary>
    Retry,

    /// <summary>A timeout stage or timeout manager.</summary>
    Timeout,

    /// <summary>A hedging stage.</summary>
    Hedging,

    /// <summary>A rate-limiter stage (package Resilience.RateLimiting).</summary>
    RateLimiter,
}
