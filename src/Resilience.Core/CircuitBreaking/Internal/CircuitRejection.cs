namespace Resilience.CircuitBreaking.Internal;

/// <summary>Why and for how long a call was rejected; turned into an exception only on demand.</summary>
internal readonly struct CircuitRejection
{
    public CircuitRejection(IRejectionSource source, TimeSpan retryAfter)
    {
        Source = source;
        RetryAfter = retryAfter;
    }

    public IRejectionSource Source { get; }

    /// <summary>Gets the time until a probe is admitted; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when unknown.</summary>
    public TimeSpan RetryAfter { get; }

    public Exception CreateException() => Source.CreateRejectedException(RetryAfter);

    public Outcome<TResult> ToOutcome<TResult>() => Outcome.FromRejection<TResult>(Source, RetryAfter);
}
