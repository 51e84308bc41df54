
namespace Resilience.CircuitBreaking.Internal;

/// <summary>A circuit whose state the circuit gauges report. Its members must be cheap and thread-safe.</summary>
internal interface ICircuitStateSource
{
    /// <summary>Gets the circuit's name (the value of the <c>circuit_breaker.name</c> tag).</summary>
    string Name { get; }

    /// <summary>Gets the circuit's current state.</summary>
    CircuitState State { get; }

    /// <summary>Reads the state with how long the circuit has been in it and how long its break has left, from its own clock.</summary>
    /// <returns>The reading.</returns>
    CircuitStateTiming ReadTiming();
}
