using Resilience.Retry;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds the retry stage to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class RetryResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a retry stage (<see cref="RetryStrategy"/>) inside the stages added before it; unless
    /// <see cref="RetryOptions.Name"/> is set, its telemetry carries the builder's <see cref="ResiliencePipelineBuilder.Name"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults (3 attempts, 1 s base delay doubling up to 30 s, proportional jitter).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public static ResiliencePipelineBuilder AddRetry(this ResiliencePipelineBuilder builder, RetryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new RetryStrategy(options ?? new RetryOptions(), builder.TimeProvider, builder.Name));
    }
}
