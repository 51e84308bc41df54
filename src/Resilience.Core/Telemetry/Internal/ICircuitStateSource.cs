using Resilience.CircuitBreaker;

namespace Resilience.Telemetry.Internal;

/// <summary>A circuit whose state the state gauge reports. Reading <see cref="State"/> must be cheap and thread-safe.</summary>
internal interface ICircuitStateSource
{
    /// <summary>Gets the circuit's name (the value of the <c>circuit_breaker.name</c> tag).</summary>
    string Name { get; }

    /// <summary>Gets the circuit's current state.</summary>
    CircuitState State { get; }
}
