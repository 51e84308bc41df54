using Resilience.CircuitBreaking;

namespace Resilience.Chaos.Internal;

/// <summary>
/// Forces a named breaker open (isolated) on an injected call, then lets the call go on, so a breaker inside this
/// stage rejects it. A timer on the pipeline's clock ends that isolation after the trip duration, unless something
/// else (a manual reset, a real outage) changed the breaker since.
/// </summary>
internal sealed class ChaosBreakerTripStrategy : ChaosStrategy, IDisposable
{
    private readonly string _breakerName;
    private readonly Func<string, CircuitBreaking.CircuitBreaker?> _resolver;
    private readonly TimeSpan? _tripDuration;
    private readonly TimeProvider _timeProvider;
    private ITimer? _resetTimer;

    public ChaosBreakerTripStrategy(ChaosBreakerTripOptions options, TimeProvider timeProvider, Func<string, CircuitBreaking.CircuitBreaker?>? resolver = null)
        : base(options)
    {
        _breakerName = options.BreakerName!;
        _resolver = resolver ?? options.BreakerResolver ?? throw Required(options, nameof(options.BreakerResolver));
        _tripDuration = options.TripDuration;
        _timeProvider = timeProvider;
    }

    public void Dispose() => Interlocked.Exchange(ref _resetTimer, null)?.Dispose();

    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (ShouldInject(context) && _resolver(_breakerName) is { State: not CircuitState.Isolated } breaker)
        {
            Trip(breaker);
        }

        return callback(context, state);
    }

    private void Trip(CircuitBreaking.CircuitBreaker breaker)
    {
        if (breaker.Isolate() is not { } epoch || _tripDuration is not { } duration)
        {
            return;
        }

        // The timer ends only the isolation this trip placed (its epoch): after a manual reset or a real outage it
        // does nothing. It is kept in a field: an unreferenced timer may be collected before it fires.
        var timer = _timeProvider.CreateTimer(
            static state => ((TripHold)state!).End(),
            new TripHold(breaker, epoch),
            duration,
            System.Threading.Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _resetTimer, timer)?.Dispose();
    }

    /// <summary>The isolation one trip placed: the breaker and the epoch it entered.</summary>
    private sealed class TripHold(CircuitBreaking.CircuitBreaker breaker, long epoch)
    {
        public void End() => breaker.EndIsolation(epoch);
    }
}
