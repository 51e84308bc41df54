namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The pipeline stage of a <see cref="CircuitBreaker"/>: each call through it is one breaker outcome, and an open
/// circuit returns an allocation-free rejection outcome without calling the rest of the pipeline.
/// </summary>
internal sealed class CircuitBreakerStrategy : ResilienceStrategy
{
    private readonly CircuitStateMachine _machine;

    public CircuitBreakerStrategy(CircuitBreaker breaker)
    {
        Breaker = breaker;
        _machine = breaker.Machine;
    }

    public CircuitBreaker Breaker { get; }

    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ExecuteStageAsync(callback, context, state);

    /// <summary>The stage's work, non-virtual so a pipeline calls it directly (see <see cref="Resilience.Internal.StageDispatcher"/>).</summary>
    internal ValueTask<Outcome<TResult>> ExecuteStageAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (!_machine.TryAcquire(out var permit, out var rejection))
        {
            return new ValueTask<Outcome<TResult>>(rejection.ToOutcome<TResult>());
        }

        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch (Exception ex)
        {
            // Stages report failures as outcomes; a throwing callback is a bug, but it must not leak a probe slot.
            permit.RecordException(ex, context.CancellationToken);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            permit.RecordOutcome(outcome, context);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAsync(pending, permit, context);
    }

    private static async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, CircuitBreakerPermit permit, ResilienceContext context)
    {
        Outcome<TResult> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            permit.RecordException(ex, context.CancellationToken);
            throw;
        }

        permit.RecordOutcome(outcome, context);
        return outcome;
    }
}
