namespace Resilience.Hedging;

/// <summary>What the <see cref="HedgingOptions{TResult}.OnHedging"/> callback sees when a hedged attempt is about to start.</summary>
public readonly struct OnHedgingArguments
{
    /// <summary>Initializes a new instance of the <see cref="OnHedgingArguments"/> struct.</summary>
    /// <param name="primaryContext">The caller's context.</param>
    /// <param name="actionContext">The context of the attempt about to start.</param>
    /// <param name="attemptNumber">The attempt's number: 1 for the first hedged attempt.</param>
    /// <param name="afterFailure">Whether the attempt starts because another attempt failed, rather than after the delay.</param>
    public OnHedgingArguments(ResilienceContext primaryContext, ResilienceContext actionContext, int attemptNumber, bool afterFailure)
    {
        PrimaryContext = primaryContext;
        ActionContext = actionContext;
        AttemptNumber = attemptNumber;
        AfterFailure = afterFailure;
    }

    /// <summary>Gets the caller's context.</summary>
    public ResilienceContext PrimaryContext { get; }

    /// <summary>Gets the context of the attempt about to start (its own token, a copy of the caller's properties).</summary>
    public ResilienceContext ActionContext { get; }

    /// <summary>Gets the attempt's number: 1 for the first hedged attempt (the primary is 0).</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets a value indicating whether the attempt starts because another attempt failed, rather than after the delay.</summary>
    public bool AfterFailure { get; }
}
