using Resilience.Degradation;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds the fallback stage to a <see cref="ResiliencePipelineBuilder"/> (the stale-cache fallback is in <c>Resilience.Extensions</c>).</summary>
public static class FallbackResiliencePipelineBuilderExtensions
{
    /// <summary>Adds a fallback stage: when the stages inside it fail, <see cref="FallbackOptions{TResult}.FallbackAction"/> produces the result.</summary>
    /// <typeparam name="TResult">The type of the result the fallback produces; calls of other result types pass through.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The fallback options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>Add the fallback first (outermost) so it sees the failures of every stage inside it, an open circuit included.</remarks>
    public static ResiliencePipelineBuilder AddFallback<TResult>(this ResiliencePipelineBuilder builder, FallbackOptions<TResult> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new FallbackStrategy<TResult>(options));
    }
}
