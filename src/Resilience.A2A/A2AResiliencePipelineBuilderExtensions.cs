using Resilience.A2A;
using Resilience.Retry;
using Resilience.Timeout;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them.
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds the A2A stages to a pipeline: retry with the A2A retry-safety rules, the agent's breaker, and the timeout by operation type.</summary>
public static class A2AResiliencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds, outermost first: a retry stage that retries only what <see cref="A2AResiliencePredicates.ShouldRetry(OutcomeArguments)"/>
    /// allows and honours <c>Retry-After</c>; the agent's circuit breaker; and a per-attempt timeout by the call's operation type.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="breaker">The agent's breaker; give it <see cref="A2AResiliencePredicates.IsTransient(OutcomeArguments)"/> as
    /// <c>ShouldHandle</c> so that permanent failures do not count (<c>AddA2AAgent</c> does).</param>
    /// <param name="retry">The retry settings, or <see langword="null"/> for the defaults; a copy is taken and its
    /// predicate and <c>Retry-After</c> reader default to the A2A ones.</param>
    /// <param name="timeouts">The timeout manager (owned by the caller), or <see langword="null"/> for no timeout stage.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="breaker"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineBuilder AddA2AResilience(
        this ResiliencePipelineBuilder builder,
        CircuitBreaking.CircuitBreaker breaker,
        RetryOptions? retry = null,
        TimeoutManager? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(breaker);
        builder.AddRetry(WithA2ARules(retry ?? new RetryOptions()));
        builder.AddCircuitBreaker(breaker);
        if (timeouts is not null)
        {
            builder.AddTimeout(timeouts);
        }

        return builder;
    }

    private static RetryOptions WithA2ARules(RetryOptions source) => new()
    {
        MaxAttempts = source.MaxAttempts,
        BaseDelay = source.BaseDelay,
        MaxDelay = source.MaxDelay,
        ExponentialBase = source.ExponentialBase,
        Jitter = source.Jitter,
        DelayGenerator = source.DelayGenerator,
        RetryAfterExtractor = source.RetryAfterExtractor ?? (static args => (args.Exception as A2AException)?.RetryAfter),
        MaxRetryAfter = source.MaxRetryAfter,
        ShouldHandle = source.ShouldHandle ?? A2AResiliencePredicates.ShouldRetry,
        OnRetry = source.OnRetry,
        Budget = source.Budget,
        TelemetryListener = source.TelemetryListener,
        Randomizer = source.Randomizer,
    };
}
