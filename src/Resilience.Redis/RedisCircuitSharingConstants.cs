namespace Resilience.Redis;

/// <summary>Defaults, limits and telemetry names of the shared-circuit layer.</summary>
internal static class RedisCircuitSharingConstants
{
    public const string DefaultKeyPrefix = "resilience";
    public const int MaxKeyPrefixLength = 64;
    public const int MaxNameLength = 256;
    public const int MaxInstanceIdLength = 128;

    public const int DefaultMinimumAgreeingInstances = 2;
    public const int DefaultMaxInstances = 256;
    public const int DefaultMaxBreakers = 1024;

    public const string MeterName = "Resilience.Redis";
    public const string AvailableInstrument = "resilience.redis.shared_state.available";
    public const string FallbacksInstrument = "resilience.redis.shared_state.fallbacks";
    public const string CallbackErrorsInstrument = "resilience.redis.callback.errors";

    /// <summary>The <c>resilience.callback</c> value of a throwing <see cref="RedisCircuitSharing.ShareAll"/> filter.</summary>
    public const string ShareAllFilterCallback = "share_all_filter";

    public static readonly TimeSpan DefaultReportInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultReportTimeToLive = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultRedisTimeout = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultRedisRetryInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultProbeLeaseDuration = TimeSpan.FromSeconds(30);
}
