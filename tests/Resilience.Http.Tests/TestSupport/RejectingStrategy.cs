namespace Resilience.Http.Tests.TestSupport;

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
