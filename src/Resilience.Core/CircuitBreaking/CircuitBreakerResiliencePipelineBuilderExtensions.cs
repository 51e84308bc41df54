using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them.
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds circuit breaker stages to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class CircuitBreakerResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a stage that runs every call through <paramref name="breaker"/>; each call is one breaker outcome.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="breaker">The breaker, which may be shared with other pipelines or used directly.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="breaker"/> is <see langword="null"/>.</exception>
    /// <remarks>An open circuit returns a rejection outcome (thrown as <see cref="CircuitOpenException"/> by the
    /// throwing API) without calling the stages inside it. A rejection by an inner stage is not counted.</remarks>
    public static ResiliencePipelineBuilder AddCircuitBreaker(this ResiliencePipelineBuilder builder, CircuitBreaking.CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(breaker);
        return builder.AddStrategy(new CircuitBreakerStrategy(breaker));
    }

    /// <summary>Adds a stage with a new breaker built from <paramref name="options"/> on the builder's <see cref="ResiliencePipelineBuilder.TimeProvider"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The breaker's options; the breaker keeps a copy.</param>
    /// <param name="name">The breaker's name; <see langword="null"/> for the builder's <see cref="ResiliencePipelineBuilder.Name"/>, or <c>default</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public static ResiliencePipelineBuilder AddCircuitBreaker(this ResiliencePipelineBuilder builder, CircuitBreakerOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var breaker = new CircuitBreaking.CircuitBreaker(name ?? builder.Name ?? CircuitBreakerConstants.DefaultName, options, builder.TimeProvider);
        return builder.AddStrategy(new CircuitBreakerStrategy(breaker));
    }
}
