using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Registry.Internal;

/// <summary>The registry's own events, raised on its <see cref="ResilienceTelemetryListener"/>.</summary>
internal static class RegistryLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.CircuitBreaker;

    public static void HandlerFailed(ResilienceTelemetryListener? listener, string registryEvent, string circuitBreakerName, string errorType)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.RegistryHandlerFailed, "RegistryHandlerFailed", ResilienceEventSeverity.Error,
                "A {RegistryEvent} handler of the circuit breaker registry threw {ErrorType} for breaker '{CircuitBreakerName}'; the registry went on",
                [new("RegistryEvent", registryEvent), new("ErrorType", errorType), new("CircuitBreakerName", circuitBreakerName)]));
        }
    }
}
