namespace Resilience.Degradation.Internal;

/// <summary>The handling rule the degradation stages share when the caller gave no predicate of their own.</summary>
internal static class DegradationPredicates
{
    /// <summary>
    /// Applies the caller's predicate, or by default handles every exception and rejection except a cancellation by
    /// the caller. Perf: the default looks at the outcome's flags first, so a rejection's exception is never created
    /// here (a rejection is never an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <remarks>Shared source (src/Shared): Core's fallback and Extensions' stale-cache fallback compile it in; it uses
    /// public API only.</remarks>
    public static bool ShouldHandle<TResult>(Func<OutcomeArguments, bool>? predicate, in Outcome<TResult> outcome, ResilienceContext context)
    {
        if (predicate is not null)
        {
            return predicate(OutcomeArguments.From(outcome, context));
        }

        return !outcome.HasResult
            && !(context.CancellationToken.IsCancellationRequested && !outcome.IsRejected && outcome.Exception is OperationCanceledException);
    }
}
