namespace Resilience.TestUtilities.Stages;

/// <summary>A stage that rejects every call the way an open circuit does: an allocation-free rejected outcome.</summary>
/// <remarks>In TestUtilities (which sees no package's internals), so it overrides the stage method as any package outside Core does.</remarks>
public sealed class RejectingStrategy : ResilienceStrategy, IRejectionSource
{
    public int Calls { get; private set; }

    public ExecutionRejectedException CreateRejectedException(TimeSpan retryAfter) =>
        new("test rejection") { RetryAfter = retryAfter };

    protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        Calls++;
        return ValueTask.FromResult(Outcome.FromRejection<TResult>(this, TimeSpan.FromSeconds(7)));
    }
}
