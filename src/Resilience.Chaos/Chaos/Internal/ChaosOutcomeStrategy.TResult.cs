namespace Resilience.Chaos.Internal;

/// <summary>Replaces an injected call's result with a generated one; the operation does not run.</summary>
/// <typeparam name="TResult">The type of the injected result; calls of other result types pass through.</typeparam>
internal sealed class ChaosOutcomeStrategy<TResult> : ChaosStrategy
{
    private readonly Func<ResilienceContext, TResult> _outcomeGenerator;

    public ChaosOutcomeStrategy(ChaosOutcomeOptions<TResult> options)
        : base(options)
    {
        _outcomeGenerator = options.OutcomeGenerator!;
    }

    protected override ValueTask<Outcome<TR>> ExecuteCoreAsync<TR, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TR>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (typeof(TR) != typeof(TResult) || !ShouldInject(context))
        {
            return callback(context, state);
        }

        // The type check above makes the conversion exact.
        var injected = (TR)(object)_outcomeGenerator(context)!;
        return new ValueTask<Outcome<TR>>(Outcome.FromResult(injected));
    }
}
