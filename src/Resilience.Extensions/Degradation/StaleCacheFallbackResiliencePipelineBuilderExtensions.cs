using Microsoft.Extensions.Caching.Memory;
using Resilience.Degradation;

#pragma warning disable IDE0130 // Builder extensions live in the root namespace, where users look for them (STYLE.md section 2).
namespace Resilience;
#pragma warning restore IDE0130

/// <summary>Adds the stale-cache fallback stage (over <see cref="IMemoryCache"/>) to a <see cref="ResiliencePipelineBuilder"/>.</summary>
public static class StaleCacheFallbackResiliencePipelineBuilderExtensions
{
    /// <summary>
    /// Adds a stale-cache fallback stage: results of type <typeparamref name="TResult"/> are cached, and a failed call is
    /// answered with the cached value while it is no older than <see cref="StaleCacheOptions.MaxStaleness"/>.
    /// </summary>
    /// <typeparam name="TResult">The type of the cached result; calls of other result types pass through.</typeparam>
    /// <param name="builder">The builder; its <see cref="ResiliencePipelineBuilder.TimeProvider"/> measures ages.</param>
    /// <param name="cache">The cache.</param>
    /// <param name="options">The options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="cache"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <remarks>Set the <see cref="StaleCacheProperties.CacheKey"/> property on the context of each call (or a key generator); calls without a key are not cached.</remarks>
    public static ResiliencePipelineBuilder AddStaleCacheFallback<TResult>(this ResiliencePipelineBuilder builder, IMemoryCache cache, StaleCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStrategy(new StaleCacheFallback<TResult>(cache, options, builder.TimeProvider));
    }
}
