namespace Resilience.CircuitBreaking;

/// <summary>Why a <see cref="CircuitBreaker"/> changed state.</summary>
public enum CircuitStateChangeReason
{
    /// <summary>Closed to open: <see cref="CircuitBreakerOptions.FailureThreshold"/> consecutive failures.</summary>
    FailureThresholdReached = 0,

    /// <summary>Closed to open: the failure ratio over the sampling window reached <see cref="CircuitBreakerOptions.FailureRatio"/>.</summary>
    FailureRatioReached = 1,

    /// <summary>Open to half-open: the break ended and a call arrived.</summary>
    BreakElapsed = 2,

    /// <summary>Half-open to closed: <see cref="CircuitBreakerOptions.SuccessThreshold"/> probes succeeded.</summary>
    ProbesSucceeded = 3,

    /// <summary>Half-open to open: a probe failed.</summary>
    ProbeFailed = 4,

    /// <summary>Any state to isolated: <see cref="CircuitBreaker.Isolate"/> was called.</summary>
    Isolated = 5,

    /// <summary>Any state to closed: <see cref="CircuitBreaker.Reset"/> was called.</summary>
    Reset = 6,

    /// <summary>Held open, or released closed, by a shared decision of the fleet (Resilience.Redis).</summary>
    SharedDecision = 7,

    /// <summary>Half-open to open: every probe slot stayed taken for <see cref="CircuitBreakerOptions.MaxHalfOpenDuration"/>
    /// (hung probes); their outcomes no longer count.</summary>
    ProbesTimedOut = 8,
}
