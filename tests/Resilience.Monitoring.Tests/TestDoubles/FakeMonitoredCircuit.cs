using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring.Tests.TestDoubles;

/// <summary>A breaker stand-in whose state and counters the test sets, and whose transitions the test raises.</summary>
internal sealed class FakeMonitoredCircuit(string name, TimeProvider timeProvider) : IMonitoredCircuit
{
    private readonly List<Action<CircuitStateChange>> _handlers = [];

    public string Name { get; } = name;

    public CircuitState State { get; private set; }

    public int ConsecutiveFailures { get; set; }

    public int WindowFailures { get; set; }

    public int WindowSuccesses { get; set; }

    public DateTimeOffset? LastStateChange { get; private set; }

    public int Subscribers => _handlers.Count;

    public DateTimeOffset? BreakEndsAt { get; set; }

    public MonitoredCircuitStats GetStats() => new(State, ConsecutiveFailures, WindowFailures, WindowSuccesses, LastStateChange, BreakEndsAt);


    public IDisposable Subscribe(Action<CircuitStateChange> handler)
    {
        _handlers.Add(handler);
        return new Unsubscriber(() => _handlers.Remove(handler));
    }

    /// <summary>Moves to <paramref name="to"/> now and tells the subscribers.</summary>
    public void TransitionTo(CircuitState to)
    {
        var change = new CircuitStateChange(Name, State, to, "test", timeProvider.GetUtcNow());
        State = to;
        LastStateChange = change.Timestamp;
        foreach (var handler in _handlers.ToArray())
        {
            handler(change);
        }
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
