using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.Monitoring.Internal;

/// <summary>Presents a real <see cref="CircuitBreaking.CircuitBreaker"/> to the monitor.</summary>
internal sealed class CircuitBreakerAdapter(CircuitBreaking.CircuitBreaker breaker) : IMonitoredCircuit
{
    public CircuitBreaking.CircuitBreaker Breaker { get; } = breaker;

    public string Name => Breaker.Name;

    public MonitoredCircuitStats GetStats()
    {
        var snapshot = Breaker.GetSnapshot();
        return new MonitoredCircuitStats(
            snapshot.State,
            snapshot.ConsecutiveFailures,
            ClampToInt(snapshot.WindowFailures),
            ClampToInt(snapshot.WindowSuccesses),
            snapshot.LastStateChangeAt,
            snapshot.BreakEndsAt);
    }

    public IDisposable Subscribe(Action<CircuitStateChange> handler) => new Subscription(Breaker, handler);

    private static int ClampToInt(long value) => (int)Math.Min(value, int.MaxValue);

    private sealed class Subscription : IDisposable
    {
        private readonly CircuitBreaking.CircuitBreaker _breaker;
        private readonly Action<CircuitStateChange> _handler;

        public Subscription(CircuitBreaking.CircuitBreaker breaker, Action<CircuitStateChange> handler)
        {
            _breaker = breaker;
            _handler = handler;
            breaker.StateChanged += OnStateChanged;
        }

        public void Dispose() => _breaker.StateChanged -= OnStateChanged;

        private void OnStateChanged(object? sender, CircuitStateChangedEventArgs e) =>
            _handler(new CircuitStateChange(e.BreakerName, e.PreviousState, e.NewState, e.Reason.ToString(), e.Timestamp));
    }
}
