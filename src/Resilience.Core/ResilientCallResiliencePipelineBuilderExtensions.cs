using Resilience.Internal;
namespace Resilience;

/// <summary>Adds the composed resilient call (timeouts, retry and circuit breaker in a sound order) to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class ResilientCallResiliencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds total timeout → retry → circuit breaker → attempt timeout (or, with <see cref="ResilientCallOrder.BreakerOutsideRetry"/>,
    /// total timeout → breaker → retry → attempt timeout) inside the stages added before it.
    /// </summary>
    /// <param name="builder">The builder. Add a fallback before calling this method to make it the outermost stage.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Some stage's options are invalid.</exception>
    /// <remarks>
    /// <para>In the recommended order each retry attempt is one breaker outcome, so a failing service opens the circuit during a
    /// burst of retries, and an open circuit ends the retries at once: the retry stage does not retry a rejection whose
    /// <see cref="ExecutionRejectedException.RetryAfter"/> is longer than its next delay, and the operation is not called.</para>
    /// <para>The success path of the whole composition allocates nothing.</para>
    /// </remarks>
    public static ResiliencePipelineBuilder AddResilientCall(this ResiliencePipelineBuilder builder, ResilientCallOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new ResilientCallOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        if (options.TotalTimeout is { } total)
        {
            builder.AddTimeout(total);
        }

        if (options.Order == ResilientCallOrder.BreakerOutsideRetry)
        {
            AddBreaker(builder, options);
            AddRetry(builder, options);
        }
        else
        {
            AddRetry(builder, options);
            AddBreaker(builder, options);
        }

        if (options.AttemptTimeout is { } attempt)
        {
            builder.AddTimeout(attempt);
        }

        return builder;
    }

    private static void AddRetry(ResiliencePipelineBuilder builder, ResilientCallOptions options)
    {
        if (options.Retry is { } retry)
        {
            builder.AddRetry(retry);
        }
    }

    private static void AddBreaker(ResiliencePipelineBuilder builder, ResilientCallOptions options)
    {
        if (options.CircuitBreaker is { } shared)
        {
            builder.AddCircuitBreaker(shared);
        }
        else if (options.CircuitBreakerOptions is { } breakerOptions)
        {
            builder.AddCircuitBreaker(breakerOptions);
        }
    }
}
