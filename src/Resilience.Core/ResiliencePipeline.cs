using Resilience.Internal;

namespace Resilience;

/// <summary>
/// An immutable, thread-safe chain of <see cref="ResilienceStrategy"/> stages, outermost first. Build one with
/// <see cref="ResiliencePipelineBuilder"/> and share it: every call through it is independent.
/// </summary>
public sealed partial class ResiliencePipeline
{
    private readonly ResilienceStrategy? _first;

    internal ResiliencePipeline(IReadOnlyList<ResilienceStrategy> strategies)
    {
        Strategies = strategies;
        _first = Chain(strategies);
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
        return _first is null ? callback(context, state) : _first.ExecuteCoreAsync(callback, context, state);
    }

    private static ResilienceStrategy? Chain(IReadOnlyList<ResilienceStrategy> strategies)
    {
        ResilienceStrategy? next = null;
        for (var i = strategies.Count - 1; i >= 0; i--)
        {
            next = next is null ? strategies[i] : new ChainedStrategy(strategies[i], next);
        }

        return next;
    }
}
