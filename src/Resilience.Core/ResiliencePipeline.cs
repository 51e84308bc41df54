using Resilience.Internal;

namespace Resilience;

/// <summary>
/// An immutable, thread-safe chain of <see cref="ResilienceStrategy"/> stages, outermost first. Build one with
/// <see cref="ResiliencePipelineBuilder"/> and share it: every call through it is independent.
/// </summary>
/// <remarks>
/// Dispose the pipeline with its owner (a DI container does it for a pipeline it created): it releases the timers of the
/// timeout stages the builder created for it. Shared parts (a <see cref="Timeout.TimeoutManager"/> or circuit breaker you
/// passed in) are not touched.
/// </remarks>
public sealed partial class ResiliencePipeline : IDisposable
{
    private readonly ResilienceStrategy[] _stages;

    internal ResiliencePipeline(ResilienceStrategy[] strategies)
    {
        _stages = strategies;
        Strategies = Array.AsReadOnly(strategies);
    }

    /// <summary>Wraps one stage that owns nothing disposable, for a stage's own direct-call API.</summary>
    internal static ResiliencePipeline ForStage(ResilienceStrategy stage) => new([stage]);

    /// <summary>Gets a pipeline with no stages: it runs the operation as it is.</summary>
    public static ResiliencePipeline Empty { get; } = new([]);

    /// <summary>Gets the stages, outermost first.</summary>
    public IReadOnlyList<ResilienceStrategy> Strategies { get; }

    /// <summary>Runs a callback that already returns an outcome, with a context the caller owns.</summary>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <typeparam name="TState">The type of the state passed to the callback.</typeparam>
    /// <param name="callback">The operation; it reports failures as outcomes.</param>
    /// <param name="context">The call's context, from <see cref="ResilienceContext.Get(CancellationToken)"/>.</param>
    /// <param name="state">The state to pass to <paramref name="callback"/>.</param>
    /// <returns>The outcome; this method does not throw for a failure of the operation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> or <paramref name="context"/> is <see langword="null"/>.</exception>
    /// <remarks>A user callback of a stage that throws (a predicate, <c>OnRetry</c>) faults the returned task; it never throws
    /// from this method, whichever path (synchronous or not) it took. On the asynchronous path the returned task is backed by
    /// a pooled state machine: consume it once; reading its result before it completes throws <see cref="InvalidOperationException"/>.</remarks>
    public ValueTask<Outcome<TResult>> ExecuteOutcomeAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return _stages.Length == 0 ? callback(context, state) : StageDispatcher.Run(_stages, callback, context, state);
        }
#pragma warning disable CA1031 // Not swallowed: returned as a faulted task, as an async method would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<Outcome<TResult>>(ex);
        }
    }

    /// <summary>Releases what the pipeline owns: the timer wheels of the timeout stages its builder created. Calls through
    /// those stages afterwards fail with <see cref="ObjectDisposedException"/>; calls in flight keep their deadlines.</summary>
    public void Dispose()
    {
        foreach (var stage in _stages)
        {
            if (stage is Timeout.TimeoutStrategy { OwnsManager: true } timeout)
            {
                timeout.Manager.Dispose();
            }
        }
    }
}
