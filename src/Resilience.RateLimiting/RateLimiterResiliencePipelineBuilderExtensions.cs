using System.Threading.RateLimiting;
using Resilience.RateLimiting;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds rate-limiter stages to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class RateLimiterResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a stage that takes one permit from <paramref name="limiter"/> for each call.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="limiter">The limiter; the caller owns and disposes it. Share one per protected service.</param>
    /// <param name="name">The stage's name in telemetry and rejection messages.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="limiter"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineBuilder AddRateLimiter(this ResiliencePipelineBuilder builder, RateLimiter limiter, string name = "default")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limiter);
        return builder.AddStrategy(new RateLimiterStrategy(new RateLimiterStrategyOptions { Limiter = limiter, Name = name }));
    }

    /// <summary>Adds a rate-limiter stage.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options: exactly one limiter, plus the name and rejection callback.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddRateLimiter(this ResiliencePipelineBuilder builder, RateLimiterStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new RateLimiterStrategy(options));
    }
}
