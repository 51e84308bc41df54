using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// The pipeline stage of a <see cref="CircuitBreaker"/>: each call through it is one breaker outcome, and an open
/// circuit returns an allocation-free rejection outcome without calling the rest of the pipeline. Add it with
/// <c>AddCircuitBreaker</c>; find it in <see cref="ResiliencePipeline.Strategies"/> to reach the breaker a pipeline runs.
/// </summary>
public sealed class CircuitBreakerStrategy : ResilienceStrategy
{
    private readonly CircuitStateMachine _machine;

    internal CircuitBreakerStrategy(CircuitBreaker breaker)
    {
        Breaker = breaker;
        _machine = breaker.Machine;
    }

    /// <summary>Gets the breaker this stage runs (it may be shared with other pipelines, or come from a registry).</summary>
    public CircuitBreaker Breaker { get; }

    /// <summary>Gets the breaker's current options (<see cref="CircuitBreaker.Options"/>): a reload that updates the breaker shows here.</summary>
    public override object? Options => Breaker.Options;

    /// <inheritdoc/>
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

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
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
