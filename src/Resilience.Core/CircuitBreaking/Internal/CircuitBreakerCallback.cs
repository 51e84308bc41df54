namespace Resilience.CircuitBreaking.Internal;

/// <summary>The user callbacks whose exceptions a breaker absorbs (and logs and counts) instead of throwing.</summary>
internal enum CircuitBreakerCallback
{
    /// <summary>A <see cref="CircuitBreaker.StateChanged"/> handler.</summary>
    StateChanged,

    /// <summary><see cref="CircuitBreakerOptions.BreakDurationGenerator"/>.</summary>
    BreakDurationGenerator,
}
