using Resilience.CircuitBreaking;
using Resilience.Internal;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience;

/// <summary>The settings of the composed resilient call added by <see cref="ResilientCallResiliencePipelineBuilderExtensions.AddResilientCall"/>.</summary>
/// <remarks>
/// A fallback is not part of these options because it is typed by the operation's result: add it with <c>AddFallback</c>
/// before <c>AddResilientCall</c> so that it is the outermost stage (see docs/pipeline.md).
/// </remarks>
public sealed class ResilientCallOptions : IValidatableOptions
{
    /// <summary>Gets or sets the options of the total timeout, which bounds the whole call including every retry and delay.</summary>
    /// <value>The default holds the default operation types (<see cref="TimeoutOptions.Timeouts"/>), with <c>standard_request</c> (30 s) unless the call's
    /// <see cref="ResilienceContext.OperationType"/> says otherwise. <see langword="null"/> leaves the stage out.</value>
    public TimeoutOptions? TotalTimeout { get; set; } = new();

    /// <summary>Gets or sets the retry options.</summary>
    /// <value>The default is <see cref="RetryOptions"/>'s defaults (3 attempts, 1 s doubling, proportional jitter).
    /// <see langword="null"/> leaves the stage out.</value>
    public RetryOptions? Retry { get; set; } = new();

    /// <summary>Gets or sets a breaker to share (for example one per downstream service from a registry).</summary>
    /// <value>The default value is <see langword="null"/>: a new breaker is built from <see cref="CircuitBreakerOptions"/>.</value>
    public CircuitBreaking.CircuitBreaker? CircuitBreaker { get; set; }

    /// <summary>Gets or sets the options of the breaker built when <see cref="CircuitBreaker"/> is not set.</summary>
    /// <value>The default is <see cref="CircuitBreaking.CircuitBreakerOptions"/>'s defaults. <see langword="null"/> (with no
    /// shared breaker) leaves the stage out.</value>
    public CircuitBreakerOptions? CircuitBreakerOptions { get; set; } = new();

    /// <summary>Gets or sets the timeout of each single attempt.</summary>
    /// <value>The default value is 10 seconds. <see langword="null"/> leaves the stage out, and so does
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> in effect (no attempt timeout). The attempt timeout is also capped
    /// by what is left of the total timeout.</value>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the order of the retry and breaker stages.</summary>
    /// <value>The default value is <see cref="ResilientCallOrder.Recommended"/>.</value>
    public ResilientCallOrder Order { get; set; } = ResilientCallOrder.Recommended;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Defined(Order, nameof(Order));
        guard.Nested(nameof(TotalTimeout), TotalTimeout);
        guard.Nested(nameof(Retry), Retry);
        if (CircuitBreaker is null)
        {
            guard.Nested(nameof(CircuitBreakerOptions), CircuitBreakerOptions);
        }

        if (AttemptTimeout is { } attempt && attempt != System.Threading.Timeout.InfiniteTimeSpan)
        {
            guard.Range(attempt, TimeoutConstants.MinTick, TimeoutConstants.LongestTimeout, nameof(AttemptTimeout));
        }

        return guard.Errors;
    }
}
