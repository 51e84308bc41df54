using Resilience.Hedging;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds hedging stages to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class HedgingResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a hedging stage on the builder's clock. Put it outside the per-attempt stages (breaker, attempt timeout)
    /// and inside a total timeout, so each attempt is bounded and the whole call too.</summary>
    /// <typeparam name="TResult">The type of the result the hedged operation produces.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The hedging options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResiliencePipelineBuilder AddHedging<TResult>(this ResiliencePipelineBuilder builder, HedgingOptions<TResult> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new HedgingStrategy<TResult>(options, builder.TimeProvider));
    }
}
