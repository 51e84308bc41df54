namespace Resilience.Http.Tests.Fixtures;

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

/// <summary>Records what each attempt saw and how the HTTP predicates classified its outcome.</summary>
public sealed class RecordingStrategy : ResilienceStrategy
{
    private readonly List<string?> _operationTypes = [];
    private readonly List<bool> _failures = [];

    public IReadOnlyList<string?> OperationTypes => _operationTypes;

    public IReadOnlyList<bool> Failures => _failures;

    public List<bool> RetryAllowed { get; } = [];

    protected override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        _operationTypes.Add(context.OperationType);
        RetryAllowed.Add(HttpResilienceProperties.IsRetryAllowed(context));
        var outcome = await callback(context, state);
        _failures.Add(HttpResiliencePredicates.IsTransientFailure(OutcomeArguments.From(outcome, context)));
        return outcome;
    }
}

/// <summary>Runs the callback <see cref="AttemptsBefore"/> times, then rejects the call as an open circuit would.</summary>
public sealed class RejectingStrategy(TimeSpan retryAfter, int attemptsBefore = 0) : ResilienceStrategy
{
    public int AttemptsBefore { get; } = attemptsBefore;

    protected override async ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        for (var i = 0; i < AttemptsBefore; i++)
        {
            await callback(context, state);
        }

        return Outcome.FromException<TResult>(new ExecutionRejectedException("The circuit is open.") { RetryAfter = retryAfter });
    }
}
