namespace Resilience.CircuitBreaking.Internal;

/// <summary>Creates the rejections of a breaker that is half-open with every probe slot taken, or isolated.</summary>
internal sealed class StateRejectionSource : IRejectionSource
{
    private readonly string _breakerName;
    private readonly CircuitState _state;

    public StateRejectionSource(string breakerName, CircuitState state)
    {
        _breakerName = breakerName;
        _state = state;
    }

    public ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter) =>
        new CircuitOpenException(_breakerName, _state, retryAfter == System.Threading.Timeout.InfiniteTimeSpan ? null : retryAfter);
}
