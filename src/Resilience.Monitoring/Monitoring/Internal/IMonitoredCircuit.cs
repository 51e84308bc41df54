using Resilience.CircuitBreaking.Internal;

namespace Resilience.Monitoring.Internal;

/// <summary>
/// What the monitor needs from a circuit breaker: its name, a consistent snapshot of its counters and a way to
/// hear its transitions. Implementations are thread-safe; the handler runs on the thread that made the transition.
/// </summary>
internal interface IMonitoredCircuit
{
    /// <summary>Gets the breaker's name.</summary>
    string Name { get; }

    /// <summary>Reads the breaker's counters.</summary>
    MonitoredCircuitStats GetStats();

    /// <summary>Calls <paramref name="handler"/> after every transition until the returned object is disposed.</summary>
    IDisposable Subscribe(Action<CircuitStateChange> handler);
}
