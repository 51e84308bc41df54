namespace Resilience.CircuitBreaker.Internal;

/// <summary>Defaults and limits of the circuit breaker.</summary>
internal static class CircuitBreakerConstants
{
    public const string DefaultName = "default";

    public const CircuitBreakerTripPolicy DefaultTripPolicy = CircuitBreakerTripPolicy.ConsecutiveFailures;

    public const int DefaultFailureThreshold = 5;

    public const double DefaultFailureRatio = 0.5;

    public const int DefaultMinimumThroughput = 10;

    public const double DefaultBreakDurationMultiplier = 1.0;

    public const int DefaultHalfOpenMaxCalls = 3;

    public const int DefaultSuccessThreshold = 1;

    /// <summary>The sliding window is split into this many buckets; the oldest expires as time moves on.</summary>
    public const int WindowBuckets = 10;

    /// <summary>At most this many counter stripes per window, however many processors the machine has.</summary>
    public const int MaxStripes = 16;

    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(60);
}
