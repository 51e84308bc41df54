namespace Resilience.CircuitBreaking.Internal;

/// <summary>What one call means to the breaker.</summary>
internal enum OutcomeKind
{
    Success = 0,
    Failure = 1,

    /// <summary>Not counted: the caller's own cancellation, an excluded exception, or a rejection by an inner stage.</summary>
    Ignored = 2,
}
