namespace Resilience.CircuitBreaking.Internal;

/// <summary>Presents a real <see cref="CircuitBreaker"/> to the state gauges (the registry's breakers, and through
/// <see cref="CircuitBreaker.TrackStateGauges"/> any other, such as the per-authority HTTP breakers).</summary>
internal sealed class CircuitGaugeSource(CircuitBreaker breaker) : ICircuitStateSource
{
    public CircuitBreaker Breaker { get; } = breaker;

    public string Name => Breaker.Name;

    public CircuitState State => Breaker.State;

    public CircuitStateTiming ReadTiming()
    {
        var snapshot = Breaker.GetSnapshot();
        var now = Breaker.TimeProvider.GetUtcNow();
        var inState = now - snapshot.LastStateChangeAt;
        var remaining = snapshot.State == CircuitState.Open && snapshot.BreakEndsAt is { } end ? end - now : TimeSpan.Zero;
        return new CircuitStateTiming(
            snapshot.State,
            inState > TimeSpan.Zero ? inState : TimeSpan.Zero,
            remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
    }
}
