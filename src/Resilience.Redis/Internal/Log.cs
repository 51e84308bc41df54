using Microsoft.Extensions.Logging;

namespace Resilience.Redis.Internal;

/// <summary>Source-generated log messages of the shared-circuit layer.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Shared circuit state is unavailable (Redis is slow or unreachable); instance {InstanceId} falls back to its local breakers.")]
    public static partial void SharedStateUnavailable(ILogger logger, string instanceId, Exception? exception);

    [LoggerMessage(2, LogLevel.Information, "Shared circuit state is available again; instance {InstanceId} rejoins the fleet.")]
    public static partial void SharedStateRestored(ILogger logger, string instanceId);

    [LoggerMessage(3, LogLevel.Information, "Shared circuit '{Name}' is {Status} on instance {InstanceId}.")]
    public static partial void SharedStatusChanged(ILogger logger, string name, SharedCircuitStatus status, string instanceId);

    [LoggerMessage(4, LogLevel.Warning, "Shared circuit '{Name}': instance {InstanceId} decides with options {Options} (ratio/throughput/breakMs/probes/successes) but the fleet with {FleetOptions}. Its vote counts by its own thresholds, its evidence is left out of the fleet's sum and its options do not set the fleet's; give every instance the same breaker options.")]
    public static partial void OptionsMismatch(ILogger logger, string name, string instanceId, string options, string fleetOptions);

    [LoggerMessage(5, LogLevel.Information, "Shared circuit '{Name}': the options of instance {InstanceId} match the fleet's again ({Options}).")]
    public static partial void OptionsMatch(ILogger logger, string name, string instanceId, string options);

    [LoggerMessage(6, LogLevel.Warning, "Shared circuit '{Name}': another live process reports under instance id {InstanceId}; the two count as one voter and overwrite each other's report. Give each process its own RedisCircuitSharingOptions.InstanceId.")]
    public static partial void DuplicateInstanceId(ILogger logger, string name, string instanceId);

    [LoggerMessage(7, LogLevel.Error, "Shared circuit '{Name}' failed a round on instance {InstanceId}; its breaker decides locally until a round succeeds.")]
    public static partial void RoundFailed(ILogger logger, string name, string instanceId, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "The shared-circuit loop of instance {InstanceId} failed a round; its breakers decide locally until a round succeeds.")]
    public static partial void LoopFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "The breaker filter given to ShareAll threw for '{Name}' on instance {InstanceId}; the breaker keeps its current sharing until the filter answers.")]
    public static partial void FilterFailed(ILogger logger, string name, string instanceId, Exception exception);
}
