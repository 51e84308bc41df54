namespace Resilience.CircuitBreaking.Internal;

/// <summary>What <see cref="CircuitBreaker.TrackStateGauges"/> returns: disposing it takes the breaker off the state
/// gauges (idempotent, as removing from the gauges' set is).</summary>
internal sealed class CircuitGaugeTracking : IDisposable
{
    private readonly CircuitGaugeSource _source;

    public CircuitGaugeTracking(CircuitBreaker breaker)
    {
        _source = new CircuitGaugeSource(breaker);
        CircuitStateGauges.Track(_source);
    }

    public void Dispose() => CircuitStateGauges.Untrack(_source);
}
