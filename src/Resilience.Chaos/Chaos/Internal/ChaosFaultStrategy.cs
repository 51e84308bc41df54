namespace Resilience.Chaos.Internal;

/// <summary>Fails an injected call with a generated exception; the operation does not run.</summary>
internal sealed class ChaosFaultStrategy : ChaosStrategy
{
    private readonly Func<ResilienceContext, Exception> _faultGenerator;

    public ChaosFaultStrategy(ChaosFaultOptions options)
        : base(options)
    {
        _faultGenerator = options.FaultGenerator!;
    }

    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) =>
        ShouldInject(context)
            ? new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(_faultGenerator(context)))
            : callback(context, state);
}
