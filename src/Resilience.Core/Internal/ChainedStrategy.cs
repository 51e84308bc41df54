namespace Resilience.Internal;

/// <summary>Links a stage to the stage inside it, so a pipeline is one call into its outermost stage.</summary>
internal sealed class ChainedStrategy : ResilienceStrategy
{
    private readonly ResilienceStrategy _strategy;
    private readonly ResilienceStrategy _next;

    public ChainedStrategy(ResilienceStrategy strategy, ResilienceStrategy next)
    {
        _strategy = strategy;
        _next = next;
    }

    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        // Perf: a static lambda and a value-tuple state, so linking stages allocates nothing.
        return _strategy.ExecuteCoreAsync(
            static (ctx, s) => s.Next.ExecuteCoreAsync(s.Callback, ctx, s.State),
            context,
            (Next: _next, Callback: callback, State: state));
    }
}
