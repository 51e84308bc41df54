namespace Resilience.Hedging;

/// <summary>What a hedging action generator sees: the call, the new attempt's context and the rest of the pipeline.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
public readonly struct HedgingActionArguments<TResult>
{
    /// <summary>Initializes a new instance of the <see cref="HedgingActionArguments{TResult}"/> struct.</summary>
    /// <param name="primaryContext">The caller's context.</param>
    /// <param name="actionContext">The context the hedged attempt runs with.</param>
    /// <param name="attemptNumber">The attempt's number: 1 for the first hedged attempt.</param>
    /// <param name="callback">Runs the rest of the pipeline (the stages inside hedging, then the operation) with a context.</param>
    public HedgingActionArguments(
        ResilienceContext primaryContext,
        ResilienceContext actionContext,
        int attemptNumber,
        Func<ResilienceContext, ValueTask<Outcome<TResult>>> callback)
    {
        PrimaryContext = primaryContext;
        ActionContext = actionContext;
        AttemptNumber = attemptNumber;
        Callback = callback;
    }

    /// <summary>Gets the caller's context.</summary>
    public ResilienceContext PrimaryContext { get; }

    /// <summary>Gets the context the hedged attempt runs with: its own cancellation token and a copy of the caller's properties.</summary>
    public ResilienceContext ActionContext { get; }

    /// <summary>Gets the attempt's number: 1 for the first hedged attempt (the primary is 0).</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets the callback that runs the rest of the pipeline with a context (usually <see cref="ActionContext"/>).</summary>
    public Func<ResilienceContext, ValueTask<Outcome<TResult>>> Callback { get; }
}
