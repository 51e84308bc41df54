// Placeholder for the circuit breaker's state enum until the breaker branch merges; delete it then.
#pragma warning disable IDE0130 // The type lives where the breaker branch will define it.
namespace Resilience.CircuitBreaker;
#pragma warning restore IDE0130

/// <summary>The state of a circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Calls flow.</summary>
    Closed = 0,

    /// <summary>A limited number of probe calls test the service.</summary>
    HalfOpen = 1,

    /// <summary>Calls are rejected until the break ends.</summary>
    Open = 2,

    /// <summary>Held open by hand until reset.</summary>
    Isolated = 3,
}
