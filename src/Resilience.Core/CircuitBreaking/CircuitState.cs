namespace Resilience.CircuitBreaking;

/// <summary>The state of a <see cref="CircuitBreaker"/>.</summary>
/// <remarks>The numeric values are stable and are the values of the circuit-state metric.</remarks>
public enum CircuitState
{
    /// <summary>Calls pass through and their outcomes are counted.</summary>
    Closed = 0,

    /// <summary>The break has ended: a limited number of probe calls test whether the service recovered.</summary>
    HalfOpen = 1,

    /// <summary>Calls are rejected without running until the break ends.</summary>
    Open = 2,

    /// <summary>Held open by hand with <see cref="CircuitBreaker.Isolate"/> until <see cref="CircuitBreaker.Reset"/>.</summary>
    Isolated = 3,
}
