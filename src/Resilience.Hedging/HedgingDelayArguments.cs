namespace Resilience.Hedging;

/// <summary>What a hedging delay generator sees: the call and the number of the attempt about to be scheduled.</summary>
public readonly struct HedgingDelayArguments
{
    /// <summary>Initializes a new instance of the <see cref="HedgingDelayArguments"/> struct.</summary>
    /// <param name="context">The caller's context.</param>
    /// <param name="attemptNumber">The number of the attempt the delay is for: 1 for the first hedged attempt.</param>
    public HedgingDelayArguments(ResilienceContext context, int attemptNumber)
    {
        Context = context;
        AttemptNumber = attemptNumber;
    }

    /// <summary>Gets the caller's context.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the number of the attempt the delay is for: 1 for the first hedged attempt (the primary is 0).</summary>
    public int AttemptNumber { get; }
}
