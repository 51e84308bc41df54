namespace Resilience;

/// <summary>
/// One stage of a <see cref="ResiliencePipeline"/> (a timeout, a retry, a circuit breaker, a fallback...).
/// A stage runs the callback it is given, possibly several times or not at all, and returns its outcome.
/// </summary>
/// <remarks>
/// <para>Failures travel as <see cref="Outcome{TResult}"/> values: a stage must not throw for an operation's
/// failure, only return it. The state-passing signature lets static lambdas run without allocating.</para>
/// <para>Stages are shared by every call through a pipeline and must be thread-safe.</para>
/// </remarks>
public abstract class ResilienceStrategy
{
    /// <summary>Gets the options the stage was built from, for inspection (tests, diagnostics): a
    /// <c>RetryOptions</c> for a retry stage, a <c>CircuitBreakerOptions</c> for a breaker stage, and so on.</summary>
    /// <value>The options object as it was passed (the stage runs on a copy it took then, so changing the object
    /// afterwards changes nothing); for a stage that runs another pipeline (the reloadable stage of a named pipeline
    /// registered in DI), that <see cref="ResiliencePipeline"/> as it is now; <see langword="null"/> for a stage that has
    /// none. The default is <see langword="null"/>.</value>
    public virtual object? Options => null;

    /// <summary>Runs <paramref name="callback"/> under this stage's rules.</summary>
    /// <typeparam name="TResult">The type of the operation's result.</typeparam>
    /// <typeparam name="TState">The type of the state passed to the callback.</typeparam>
    /// <param name="callback">The rest of the pipeline, ending with the operation. It never throws for a failure of the operation.</param>
    /// <param name="context">The call's context; a stage may replace its <see cref="ResilienceContext.CancellationToken"/> for the callback and must restore it.</param>
    /// <param name="state">The state to pass to <paramref name="callback"/>.</param>
    /// <returns>The outcome of the call.</returns>
    protected internal abstract ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state);
}
