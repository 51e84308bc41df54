using Resilience.CircuitBreaking;

namespace Resilience.Batching;

/// <summary>Helpers for <see cref="ResilientBatchProcessor{TItem}"/>.</summary>
public static class ResilientBatchProcessor
{
    /// <summary>Creates a breaker with the batch defaults: 2 consecutive failed batches trip it, for 5 minutes, with one probe.</summary>
    /// <param name="name">The breaker's name.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <returns>The breaker.</returns>
    public static CircuitBreaking.CircuitBreaker CreateDefaultBreaker(string name, TimeProvider? timeProvider = null) =>
        new(
            name,
            new CircuitBreakerOptions
            {
                FailureThreshold = BatchingConstants.DefaultBreakerFailureThreshold,
                BreakDuration = BatchingConstants.DefaultBreakerBreakDuration,
                HalfOpenMaxCalls = 1,
                SuccessThreshold = 1,
            },
            timeProvider);
}
