using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Registry.Internal;

/// <summary>The registry's own log entries.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = ResilienceEventIds.RegistryHandlerFailed, EventName = "RegistryHandlerFailed", Level = LogLevel.Error,
        Message = "A {RegistryEvent} handler of the circuit breaker registry threw {ErrorType} for breaker '{CircuitBreakerName}'; the registry went on")]
    public static partial void HandlerFailed(ILogger logger, string registryEvent, string circuitBreakerName, string errorType);
}
