namespace Resilience.Degradation;

/// <summary>The <see cref="ResilienceContext"/> properties a stale-cache fallback stage reads and writes.</summary>
public static class StaleCacheProperties
{
    /// <summary>Gets the key under which the call's result is cached; set it before the call. Without it the stage does nothing.</summary>
    public static ResiliencePropertyKey<string> CacheKey { get; } = new("Resilience.StaleCache.Key");

    /// <summary>Gets the key the stage sets to the age of the cached value it served; absent when the result is fresh.</summary>
    public static ResiliencePropertyKey<TimeSpan> ServedAge { get; } = new("Resilience.StaleCache.ServedAge");
}
