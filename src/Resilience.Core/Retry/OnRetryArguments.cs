namespace Resilience.Retry;

/// <summary>The arguments of <see cref="RetryOptions.OnRetry"/>.</summary>
public readonly struct OnRetryArguments
{
    /// <summary>Initializes a new instance of the <see cref="OnRetryArguments"/> struct.</summary>
    /// <param name="outcome">The failed outcome that is about to be retried.</param>
    /// <param name="attemptNumber">The 0-based number of the attempt that failed.</param>
    /// <param name="delay">The delay before the next attempt.</param>
    public OnRetryArguments(OutcomeArguments outcome, int attemptNumber, TimeSpan delay)
    {
        Outcome = outcome;
        AttemptNumber = attemptNumber;
        Delay = delay;
    }

    /// <summary>Gets the failed outcome and the call's context.</summary>
    public OutcomeArguments Outcome { get; }

    /// <summary>Gets the 0-based number of the attempt that failed.</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets the delay before the next attempt.</summary>
    public TimeSpan Delay { get; }
}
