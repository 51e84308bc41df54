using Resilience.Internal;

namespace Resilience;

/// <summary>
/// An immutable, thread-safe chain of <see cref="ResilienceStrategy"/> stages, outermost first. Build one with
/// <see cref="ResiliencePipelineBuilder"/> and share it: every call through it is independent.
/// </summary>
public sealed partial class ResiliencePipeline
{
    private readonly ResilienceStrategy[] _stages;

    internal ResiliencePipeline(ResilienceStrategy[] strategies)
    {
        _stages = strategies;
        Strategies = Array.AsReadOnly(strategies);
    }

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
    public ValueTask<Outcome<TResult>> ExecuteOutcomeAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(context);
        return _stages.Length == 0 ? callback(context, state) : StageDispatcher.Run(_stages, callback, context, state);
    }
}
