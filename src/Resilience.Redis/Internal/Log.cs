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
}
