namespace Resilience.Core.Tests.TestSupport;

/// <summary>A stage that rejects every call the way an open circuit does: an allocation-free rejected outcome.</summary>
internal sealed class RejectingStrategy : ResilienceStrategy, IRejectionSource
{
    public int Calls { get; private set; }

    public ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter) =>
        new("test rejection") { RetryAfter = retryAfter };

    protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        Calls++;
        return ValueTask.FromResult(Outcome.FromRejection<TResult>(this, TimeSpan.FromSeconds(7)));
    }
}
