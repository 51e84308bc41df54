namespace Resilience.Http.Tests.TestSupport;

/// <summary>A minimal retry for handler tests: up to <see cref="MaxAttempts"/> attempts while the predicate says so, no delay.</summary>
public sealed class TestRetryStrategy(int maxAttempts, Func<OutcomeArguments, bool> shouldRetry) : ResilienceStrategy
{
    public int MaxAttempts { get; } = maxAttempts;

    protected override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        for (var attempt = 0; ; attempt++)
        {
            context.AttemptNumber = attempt;
            var outcome = await callback(context, state);
            if (attempt + 1 >= MaxAttempts || !shouldRetry(OutcomeArguments.From(outcome, context)))
            {
                return outcome;
            }
        }
    }
}
