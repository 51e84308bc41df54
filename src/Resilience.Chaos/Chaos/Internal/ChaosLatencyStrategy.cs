namespace Resilience.Chaos.Internal;

/// <summary>Delays an injected call on the pipeline's clock, then runs it.</summary>
internal sealed class ChaosLatencyStrategy : ChaosStrategy
{
    private readonly TimeSpan _latency;
    private readonly TimeProvider _timeProvider;

    public ChaosLatencyStrategy(ChaosLatencyOptions options, TimeProvider timeProvider)
        : base(options)
    {
        _latency = options.Latency;
        _timeProvider = timeProvider;
    }

    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ShouldInject(context) ? DelayThenRunAsync(callback, context, state) : callback(context, state);

    private async ValueTask<Outcome<TResult>> DelayThenRunAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        try
        {
            await Task.Delay(_latency, _timeProvider, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }

        return await callback(context, state).ConfigureAwait(false);
    }
}
