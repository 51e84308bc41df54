namespace Resilience.Degradation;

/// <summary>Defaults of the degradation helpers.</summary>
internal static class DegradationConstants
{
    /// <summary>The share of operations that must succeed for a partial result to be accepted by default: half.</summary>
    public const double DefaultMinSuccessRatio = 0.5;

    /// <summary>The oldest cached value a stale-cache fallback serves by default.</summary>
    public static readonly TimeSpan DefaultMaxStaleness = TimeSpan.FromMinutes(5);

    /// <summary>The prefix of the keys the stale-cache fallback writes, so its entries never collide with the application's own.</summary>
    public const string CacheKeyPrefix = "Resilience.StaleCache:";
}
