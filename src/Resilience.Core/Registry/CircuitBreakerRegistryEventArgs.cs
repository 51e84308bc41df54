using Resilience.CircuitBreaking;

namespace Resilience.Registry;

/// <summary>The breaker a <see cref="CircuitBreakerRegistry"/> added or removed.</summary>
public sealed class CircuitBreakerRegistryEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerRegistryEventArgs"/> class.</summary>
    /// <param name="breaker">The breaker.</param>
    internal CircuitBreakerRegistryEventArgs(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        Breaker = breaker;
    }

    /// <summary>Gets the breaker that was added or removed.</summary>
    public CircuitBreaker Breaker { get; }
}
