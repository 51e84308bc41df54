using Resilience.CircuitBreaking;

namespace Resilience.Monitoring;

/// <summary>The dashboard row of one circuit breaker.</summary>
public sealed class CircuitBreakerStatus
{
    /// <summary>Gets the breaker's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the breaker's state when the snapshot was taken.</summary>
    public required CircuitState State { get; init; }

    /// <summary>Gets the failures counted in the breaker's current health window.</summary>
    public required int FailureCount { get; init; }

    /// <summary>Gets the consecutive failures since the last success.</summary>
    public required int ConsecutiveFailures { get; init; }

    /// <summary>Gets the success rate over the breaker's current health window, in percent.</summary>
    /// <value>100 when the window holds no call: no call is no evidence of failure.</value>
    public required double SuccessRate { get; init; }

    /// <summary>Gets when the breaker last changed state, or <see langword="null"/> if it never did.</summary>
    public required DateTimeOffset? LastStateChange { get; init; }

    /// <summary>Gets when an open breaker's break ends and it admits probe calls; <see langword="null"/> when it is not open.</summary>
    /// <value>An instant in the past means the break is over and the next call is a probe.</value>
    public DateTimeOffset? BreakEndsAt { get; init; }

    /// <summary>Gets the health score from 0 (worst) to 100 (best); docs/observability.md gives the formula.</summary>
    public required int HealthScore { get; init; }

    /// <summary>Gets the most recent transitions the monitor saw, oldest first (bounded by <see cref="CircuitMonitorOptions.RecentChangesCapacity"/>).</summary>
    public required IReadOnlyList<CircuitStateChange> RecentChanges { get; init; }
}
