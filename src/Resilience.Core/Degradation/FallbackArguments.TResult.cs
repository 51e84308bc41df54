namespace Resilience.Degradation;

/// <summary>What a fallback action sees: the primary's failed outcome and the call's context.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
public readonly struct FallbackArguments<TResult>
{
    /// <summary>Initializes a new instance of the <see cref="FallbackArguments{TResult}"/> struct.</summary>
    /// <param name="primaryOutcome">The primary's outcome that was handled.</param>
    /// <param name="context">The call's context.</param>
    public FallbackArguments(Outcome<TResult> primaryOutcome, ResilienceContext context)
    {
        PrimaryOutcome = primaryOutcome;
        Context = context;
    }

    /// <summary>Gets the primary's outcome that was handled (an exception, a rejection, or a result the predicate rejected).</summary>
    public Outcome<TResult> PrimaryOutcome { get; }

    /// <summary>Gets the call's context.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the caller's cancellation token.</summary>
    public CancellationToken CancellationToken => Context.CancellationToken;
}
