namespace Resilience.CircuitBreaking.Internal;

/// <summary>Defaults and limits of the circuit breaker.</summary>
internal static class CircuitBreakerConstants
{
    public const string DefaultName = "default";

    /// <summary>The diagnostic id of the experimental coordination seam (<see cref="CircuitCoordination"/>); docs/distributed.md explains it.</summary>
    public const string CoordinationDiagnosticId = "RESILIENCE0001";

    /// <summary>The <c>resilience.callback</c> tag value of a <see cref="CircuitBreaker.StateChanged"/> handler.</summary>
    public const string StateChangedCallbackTagValue = "state_changed";

    /// <summary>The <c>resilience.callback</c> tag value of <see cref="CircuitBreakerOptions.BreakDurationGenerator"/>.</summary>
    public const string BreakDurationGeneratorCallbackTagValue = "break_duration_generator";

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

    /// <summary>The longest a half-open circuit waits while every probe slot is taken; longer than the HTTP preset's 100 s total timeout.</summary>
    public static readonly TimeSpan DefaultMaxHalfOpenDuration = TimeSpan.FromMinutes(2);

    // Bounds: every value inside them works as documented, and the arithmetic on them (break growth, timestamps,
    // retry-after in milliseconds or whole seconds) cannot overflow. Durations follow Polly (0.5 s to 1 day).

    /// <summary>The shortest break, sampling window and half-open wait.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest break (also the cap of break growth and of a generated break), sampling window and half-open wait.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The shortest slow-call duration: one millisecond, the resolution calls are timed to matter at.</summary>
    public static readonly TimeSpan MinSlowCallDuration = TimeSpan.FromMilliseconds(1);

    /// <summary>The most failures in a row a threshold may ask for: beyond it a breaker would in practice never open.</summary>
    public const int MaxFailureThreshold = 10_000;

    /// <summary>The fewest calls the failure ratio may be computed over (Polly's minimum): one call is not a ratio.</summary>
    public const int MinMinimumThroughput = 2;

    /// <summary>The most calls the failure ratio may wait for in one window.</summary>
    public const int MaxMinimumThroughput = 1_000_000;

    /// <summary>The most probes a half-open circuit may admit at once.</summary>
    public const int MaxHalfOpenMaxCalls = 1_000;

    /// <summary>The largest growth factor of the break per consecutive trip.</summary>
    public const double MaxBreakDurationMultiplier = 100;

    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(60);
}
