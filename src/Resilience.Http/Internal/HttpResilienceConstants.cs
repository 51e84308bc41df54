using Resilience.DependencyInjection.Internal;
using Resilience.Hedging;

namespace Resilience.Http.Internal;

/// <summary>Defaults, limits and keys of the HTTP adapter, in one place.</summary>
internal static class HttpResilienceConstants
{
    /// <summary>The largest request body buffered so that it can be sent again on a retry: 1 MiB.</summary>
    public const long DefaultMaxReplayableContentLength = 1024 * 1024;

    /// <summary>The total timeout of the standard preset: 100 seconds, the <see cref="HttpClient.Timeout"/> default it replaces.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(100);
    public static readonly TimeSpan DefaultHedgingTotalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The shortest total timeout, the timeout stage's tick (1 ms).</summary>
    public static readonly TimeSpan MinTotalTimeout = TimeSpan.FromMilliseconds(1);

    /// <summary>The longest total timeout, the timeout stage's longest (1 day); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> means none.</summary>
    public static readonly TimeSpan MaxTotalTimeout = TimeSpan.FromDays(1);

    /// <summary>A pooled connection is replaced after 2 minutes so DNS changes are seen.</summary>
    public static readonly TimeSpan DefaultPooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>An idle pooled connection is closed after 1 minute (the SocketsHttpHandler default).</summary>
    public static readonly TimeSpan DefaultPooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>At most 100 connections to one server, so a slow server cannot take every socket.</summary>
    public const int DefaultMaxConnectionsPerServer = 100;

    /// <summary>The request timeout the connect timeout derives from: 30 seconds (<c>standard_request</c>).</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The connect timeout never exceeds 10 seconds.</summary>
    public static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The reason phrase of the synthetic 503 returned when the circuit rejects a request.</summary>
    public const string RejectedReasonPhrase = "Rejected by the resilience pipeline";

    /// <summary>The request option key for the per-request retry opt-in or opt-out.</summary>
    public const string AllowRetryKey = "Resilience.Http.AllowRetry";

    /// <summary>The request option key for the per-request timeout operation type.</summary>
    public const string OperationTypeKey = "Resilience.Http.OperationType";

    /// <summary>A client with per-authority breakers holds at most 100 authorities at once by default.</summary>
    public const int DefaultMaxAuthorities = 100;

    /// <summary>The largest accepted <see cref="ResilientHttpClientOptions.MaxAuthorities"/>: 100,000 (a few hundred MB of pipelines at most).</summary>
    public const int MaxAuthoritiesLimit = 100_000;

    /// <summary>An authority's pipeline unused for 5 minutes (and with every breaker closed) may be evicted.</summary>
    public static readonly TimeSpan DefaultAuthorityIdleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The shortest accepted idle timeout: 1 second.</summary>
    public static readonly TimeSpan MinAuthorityIdleTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The longest accepted idle timeout: 1 day.</summary>
    public static readonly TimeSpan MaxAuthorityIdleTimeout = TimeSpan.FromDays(1);

    /// <summary>The idle sweep runs four times per idle timeout, so an entry goes at most a quarter late.</summary>
    public const int SweepsPerIdleTimeout = 4;

    /// <summary>The authority part of the breaker name of authorities past a client's telemetry cap.</summary>
    public const string OtherAuthority = "_other";

    /// <summary>Counter: requests refused because the client's authority store was full.</summary>
    public const string AuthorityRejectedMetric = "resilience.http.authority.rejected";

    /// <summary>Counter: idle authorities evicted from a client's store.</summary>
    public const string AuthorityEvictedMetric = "resilience.http.authority.evicted";

    /// <summary>Tag: the name of the <see cref="HttpClient"/> (bounded by the application's registrations).</summary>
    public const string ClientNameTag = "http.client.name";

    /// <summary>The logger category of the adapter's own messages.</summary>
    public const string LoggerCategory = "Resilience.Http";

    /// <summary>The configuration section whose children are the clients' preset sections (<c>Resilience:Http:&lt;client&gt;</c>).</summary>
    public const string ConfigurationSection = "Resilience:Http";

    /// <summary>The settings both presets bind, for the "did you mean" of an unknown key.</summary>
    private static readonly string[] PresetSettingNames =
    [
        nameof(ResilientHttpClientOptions.BreakerScope), nameof(ResilientHttpClientOptions.AllowNonIdempotentRetries),
        nameof(ResilientHttpClientOptions.MaxReplayableContentLength), nameof(ResilientHttpClientOptions.ReturnServiceUnavailableOnRejection),
        nameof(ResilientHttpClientOptions.OperationType), nameof(ResilientHttpClientOptions.MaxAuthorities), nameof(ResilientHttpClientOptions.AuthorityIdleTimeout),
        nameof(StandardHttpResilienceOptions.TotalTimeout), nameof(StandardHttpResilienceOptions.CircuitBreaker), nameof(StandardHttpResilienceOptions.AttemptTimeout),
        HttpOverloadStages.ClientThrottling, HttpOverloadStages.AdaptiveConcurrency,
        .. ConfigurationSettingNames.CircuitBreaker, .. ConfigurationSettingNames.Timeout,
        .. ConfigurationSettingNames.ClientThrottling, .. ConfigurationSettingNames.AdaptiveConcurrency,
    ];

    /// <summary>The settings the standard preset binds.</summary>
    public static readonly string[] StandardSettingNames =
        [.. PresetSettingNames, nameof(StandardHttpResilienceOptions.Retry), .. ConfigurationSettingNames.Retry];

    /// <summary>The settings of the hedging stage the hedging preset binds under <c>Hedging</c> (declared before
    /// <see cref="HedgingSettingNames"/>, which reads it: static fields initialize in order).</summary>
    public static readonly string[] HedgingStageSettingNames =
    [
        nameof(HedgingOptions<object>.Name), nameof(HedgingOptions<object>.MaxHedgedAttempts), nameof(HedgingOptions<object>.Delay),
    ];

    /// <summary>The settings the hedging preset binds.</summary>
    public static readonly string[] HedgingSettingNames =
        [.. PresetSettingNames, nameof(StandardHttpHedgingOptions.Hedging), .. HedgingStageSettingNames];
}
