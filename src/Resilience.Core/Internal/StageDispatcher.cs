using System.Runtime.CompilerServices;
using Resilience.Bulkhead;
using Resilience.CircuitBreaking;
using Resilience.Degradation;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Internal;

/// <summary>Runs a pipeline's stages in order: each stage's callback runs the next stage, the last one the operation.</summary>
/// <remarks>
/// Perf: <see cref="ResilienceStrategy.ExecuteCoreAsync{TResult, TState}"/> is a generic virtual method, and every call
/// to one goes through the runtime's lookup of the method instantiation (several times the cost of a direct call). The
/// library's own stages are sealed, so a type test (one pointer compare each) lets the pipeline call their non-virtual
/// <c>ExecuteStageAsync</c> directly; other stages take the virtual call. The stage list is walked by index in one state
/// value, so the state type does not grow with the number of stages and no link objects are needed.
/// </remarks>
internal static class StageDispatcher
{
    /// <summary>Runs <paramref name="stages"/> (at least one), then <paramref name="callback"/> inside them.</summary>
    public static ValueTask<Outcome<TResult>> Run<TResult, TState>(
        ResilienceStrategy[] stages,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        stages.Length == 1
            ? Dispatch(stages[0], callback, context, state)
            : Dispatch(stages[0], StageLink<TResult, TState>.Next, context, new StageLinkState<TResult, TState>(stages, 0, callback, state));

    /// <summary>Runs one stage, calling the library's stages directly.</summary>
    /// <remarks>Perf: not inlined, and each stage's call is returned as it is, so the stage writes its result straight into
    /// the caller's return buffer. Inlined, the result went through a copy per level (a 48-byte struct read with wider loads
    /// than the callee wrote it, which stalls store forwarding): more than the call costs.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ValueTask<Outcome<TResult>> Dispatch<TResult, TState>(
        ResilienceStrategy stage,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (stage is TimeoutStrategy timeout)
        {
            return timeout.ExecuteStageAsync(callback, context, state);
        }

        if (stage is CircuitBreakerStrategy breaker)
        {
            return breaker.ExecuteStageAsync(callback, context, state);
        }

        if (stage is RetryStrategy retry)
        {
            return retry.ExecuteStageAsync(callback, context, state);
        }

        if (stage is FallbackStrategy<TResult> fallback)
        {
            return fallback.ExecuteStageAsync(callback, context, state);
        }

        if (stage is BulkheadStrategy bulkhead)
        {
            return bulkhead.ExecuteStageAsync(callback, context, state);
        }

        return stage.ExecuteCoreAsync(callback, context, state);
    }
}
