namespace Resilience.CircuitBreaking;

/// <summary>How a closed circuit decides to open.</summary>
public enum CircuitBreakerTripPolicy
{
    /// <summary>Open after <see cref="CircuitBreakerOptions.FailureThreshold"/> failures in a row.</summary>
    ConsecutiveFailures = 0,

    /// <summary>
    /// Open when, over the last <see cref="CircuitBreakerOptions.SamplingDuration"/>, at least
    /// <see cref="CircuitBreakerOptions.MinimumThroughput"/> calls were counted and the share of failures reached
    /// <see cref="CircuitBreakerOptions.FailureRatio"/>.
    /// </summary>
    FailureRatio = 1,
}
