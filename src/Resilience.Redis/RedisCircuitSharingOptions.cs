using Resilience.Internal;
using Resilience.Redis.Internal;

namespace Resilience.Redis;

/// <summary>Options of <see cref="RedisCircuitSharing"/>: how an instance talks to Redis about its shared breakers.</summary>
/// <remarks>The decision thresholds (failure ratio, minimum throughput, break duration, probes) come from each breaker's own options.</remarks>
public class RedisCircuitSharingOptions : IValidatableOptions
{
    /// <summary>Gets or sets the prefix of every key and of the pub/sub channel; use one per environment or application.</summary>
    /// <value>The default value is <c>resilience</c>. At most 64 characters, without <c>{</c> or <c>}</c>.</value>
    public string KeyPrefix { get; set; } = RedisCircuitSharingConstants.DefaultKeyPrefix;

    /// <summary>
    /// Gets or sets this instance's id in the reports: one id is one voter. Keep it stable across restarts of the same
    /// instance (a restarted process then takes over its predecessor's vote) and different between instances.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <c>{machine name}/{entry assembly name}</c> (spaces, braces and
    /// colons replaced by <c>-</c>), which is stable across restarts. Set it when several processes of one application on
    /// one host share a breaker (for example add the port); two live processes with one id count as one voter and are
    /// logged as duplicates. At most 128 characters, no secrets.</value>
    public string? InstanceId { get; set; }

    /// <summary>Gets or sets how often the instance reports its breakers' health and reads the shared decisions.</summary>
    /// <value>The default value is 500 milliseconds. Between 10 milliseconds and 1 minute.</value>
    public TimeSpan ReportInterval { get; set; } = RedisCircuitSharingConstants.DefaultReportInterval;

    /// <summary>Gets or sets how long a report counts; a dead instance's report stops counting after it.</summary>
    /// <value>The default value is 5 seconds. At least twice <see cref="ReportInterval"/>.</value>
    public TimeSpan ReportTimeToLive { get; set; } = RedisCircuitSharingConstants.DefaultReportTimeToLive;

    /// <summary>Gets or sets the longest wait for one Redis command; a slower Redis counts as down.</summary>
    /// <value>The default value is 500 milliseconds. Between 1 millisecond and 30 seconds.</value>
    public TimeSpan RedisTimeout { get; set; } = RedisCircuitSharingConstants.DefaultRedisTimeout;

    /// <summary>Gets or sets how long the instance stays local-only after Redis failed before it tries Redis again.</summary>
    /// <value>The default value is 2 seconds. Between 10 milliseconds and 10 minutes.</value>
    public TimeSpan RedisRetryInterval { get; set; } = RedisCircuitSharingConstants.DefaultRedisRetryInterval;

    /// <summary>Gets or sets the fewest instances that must agree the downstream is failing before the shared circuit opens.</summary>
    /// <value>The default value is 2. At least 2: one instance alone can never open the circuit for the others.</value>
    public int MinimumAgreeingInstances { get; set; } = RedisCircuitSharingConstants.DefaultMinimumAgreeingInstances;

    /// <summary>Gets or sets how long a half-open probe lease lasts if its holder never reports the probe's outcome.</summary>
    /// <value>The default value is 30 seconds. Between 100 milliseconds and 10 minutes.</value>
    public TimeSpan ProbeLeaseDuration { get; set; } = RedisCircuitSharingConstants.DefaultProbeLeaseDuration;

    /// <summary>Gets or sets the most instances whose reports are kept per breaker (bounds the report key).</summary>
    /// <value>The default value is 256. Between 2 and 100000.</value>
    public int MaxInstances { get; set; } = RedisCircuitSharingConstants.DefaultMaxInstances;

    /// <summary>Gets or sets the most breakers one instance shares (bounds the keys it writes).</summary>
    /// <value>The default value is 1024. Between 1 and 100000.</value>
    public int MaxBreakers { get; set; } = RedisCircuitSharingConstants.DefaultMaxBreakers;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        OptionsValidation.CheckKeyPart(ref guard, nameof(KeyPrefix), KeyPrefix, RedisCircuitSharingConstants.MaxKeyPrefixLength);
        if (InstanceId is not null)
        {
            OptionsValidation.CheckKeyPart(ref guard, nameof(InstanceId), InstanceId, RedisCircuitSharingConstants.MaxInstanceIdLength);
        }

        guard.Range(ReportInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(ReportInterval));
        guard.Range(ReportTimeToLive, ReportInterval * 2, TimeSpan.FromHours(1), nameof(ReportTimeToLive));
        guard.Range(RedisTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), nameof(RedisTimeout));
        guard.Range(RedisRetryInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), nameof(RedisRetryInterval));
        guard.Range(ProbeLeaseDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), nameof(ProbeLeaseDuration));
        guard.Range(MinimumAgreeingInstances, 2, 100_000, nameof(MinimumAgreeingInstances));
        guard.Range(MaxInstances, 2, 100_000, nameof(MaxInstances));
        guard.Range(MaxBreakers, 1, 100_000, nameof(MaxBreakers));
        return guard.Errors;
    }
}
