namespace Resilience;

/// <summary>The order in which <see cref="ResilientCallResiliencePipelineBuilderExtensions.AddResilientCall"/> composes its stages.</summary>
public enum ResilientCallOrder
{
    /// <summary>
    /// Total timeout → retry → circuit breaker → attempt timeout → operation (the recommended order). Each attempt is one
    /// breaker outcome, and an open circuit stops the retries at once.
    /// </summary>
    Recommended = 0,

    /// <summary>
    /// Total timeout → circuit breaker → retry → attempt timeout → operation: the breaker
    /// sees one outcome per call after all its retries, and cannot stop retries that are already under way.
    /// </summary>
    BreakerOutsideRetry = 1,
}
