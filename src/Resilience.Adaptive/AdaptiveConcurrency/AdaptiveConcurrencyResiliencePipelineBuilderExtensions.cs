using Resilience.AdaptiveConcurrency;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds adaptive concurrency limits to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class AdaptiveConcurrencyResiliencePipelineBuilderExtensions
{
    /// <summary>Adds an adaptive concurrency limit of its own, on the builder's clock, named after the pipeline unless the options name it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddAdaptiveConcurrencyLimit(this ResiliencePipelineBuilder builder, AdaptiveConcurrencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new AdaptiveConcurrencyStrategy(options, builder.TimeProvider, builder.Name));
    }

    /// <summary>Adds a stage that uses an existing adaptive limit, so every pipeline calling one service shares it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="limit">The shared limit.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="limit"/> is <see langword="null"/>.</exception>
    public static ResiliencePipelineBuilder AddAdaptiveConcurrencyLimit(this ResiliencePipelineBuilder builder, AdaptiveConcurrencyStrategy limit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(limit);
    }
}
