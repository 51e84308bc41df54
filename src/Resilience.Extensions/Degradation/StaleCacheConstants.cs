namespace Resilience.Degradation;

/// <summary>Defaults of the stale-cache fallback.</summary>
internal static class StaleCacheConstants
{
    /// <summary>The oldest cached value a stale-cache fallback serves by default.</summary>
    public static readonly TimeSpan DefaultMaxStaleness = TimeSpan.FromMinutes(5);

    /// <summary>The shortest staleness allowed.</summary>
    public static readonly TimeSpan MinMaxStaleness = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest staleness allowed: a bound on how long the cache keeps every entry.</summary>
    public static readonly TimeSpan MaxMaxStaleness = TimeSpan.FromDays(30);

    /// <summary>The prefix of the keys the stale-cache fallback writes, so its entries never collide with the application's own.</summary>
    public const string CacheKeyPrefix = "Resilience.StaleCache:";
}
