using Resilience.AdaptiveConcurrency;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.Throttling;
using Resilience.Timeout;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The settings each options type binds from configuration, for the "did you mean" of an unknown key.</summary>
internal static class ConfigurationSettingNames
{
    /// <summary>The section under <c>Resilience</c> whose children are the shared client throttles, one per service name.</summary>
    public const string ClientThrottlingSection = "ClientThrottling";

    /// <summary>The section under <c>Resilience</c> whose children are the shared adaptive limits, one per service name.</summary>
    public const string AdaptiveConcurrencySection = "AdaptiveConcurrency";

    public static readonly string[] RootSections =
    [
        ConfigurationSections.RegistrySection, ConfigurationSections.CircuitBreakersSection, ConfigurationSections.RetriesSection,
        ConfigurationSections.TimeoutsSection, ConfigurationSections.MonitoringSection, ConfigurationSections.HttpSection,
        ClientThrottlingSection, AdaptiveConcurrencySection,
    ];

    public static readonly string[] CircuitBreaker =
    [
        nameof(CircuitBreakerOptions.TripPolicy), nameof(CircuitBreakerOptions.FailureThreshold), nameof(CircuitBreakerOptions.FailureRatio),
        nameof(CircuitBreakerOptions.SamplingDuration), nameof(CircuitBreakerOptions.MinimumThroughput), nameof(CircuitBreakerOptions.SlowCallDuration),
        nameof(CircuitBreakerOptions.BreakDuration), nameof(CircuitBreakerOptions.BreakDurationMultiplier), nameof(CircuitBreakerOptions.MaxBreakDuration),
        nameof(CircuitBreakerOptions.HalfOpenMaxCalls), nameof(CircuitBreakerOptions.SuccessThreshold),
    ];

    public static readonly string[] Retry =
    [
        nameof(RetryOptions.Name), nameof(RetryOptions.MaxAttempts), nameof(RetryOptions.BaseDelay), nameof(RetryOptions.MaxDelay),
        nameof(RetryOptions.ExponentialBase), nameof(RetryOptions.Jitter), nameof(RetryOptions.MaxRetryAfter),
    ];

    public static readonly string[] Timeout =
    [
        nameof(TimeoutOptions.Timeouts), nameof(TimeoutOptions.OperationType), nameof(TimeoutOptions.Timeout), nameof(TimeoutOptions.StopWaitingAtDeadline),
    ];

    public static readonly string[] ClientThrottling =
    [
        nameof(ClientThrottlingOptions.Name), nameof(ClientThrottlingOptions.Multiplier), nameof(ClientThrottlingOptions.Window),
        nameof(ClientThrottlingOptions.MaxRejectionProbability),
    ];

    public static readonly string[] AdaptiveConcurrency =
    [
        nameof(AdaptiveConcurrencyOptions.Name), nameof(AdaptiveConcurrencyOptions.Algorithm), nameof(AdaptiveConcurrencyOptions.InitialLimit),
        nameof(AdaptiveConcurrencyOptions.MinLimit), nameof(AdaptiveConcurrencyOptions.MaxLimit), nameof(AdaptiveConcurrencyOptions.BackoffRatio),
        nameof(AdaptiveConcurrencyOptions.DropLatency), nameof(AdaptiveConcurrencyOptions.RttTolerance), nameof(AdaptiveConcurrencyOptions.LongWindow),
    ];

    public static readonly string[] Registry = [nameof(CircuitBreakerRegistryOptions.MaxBreakers)];

    public static readonly string[] Monitoring =
    [
        nameof(CircuitMonitorOptions.ChannelCapacity), nameof(CircuitMonitorOptions.RecentChangesCapacity), nameof(CircuitMonitorOptions.EvaluationInterval),
        nameof(CircuitMonitorOptions.OpenTooLongThreshold), nameof(CircuitMonitorOptions.FlappingChangeThreshold), nameof(CircuitMonitorOptions.FlappingWindow),
        nameof(CircuitMonitorOptions.HighFailureRateSuccessThreshold), nameof(CircuitMonitorOptions.DeduplicationWindow),
    ];
}
