using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Timeout.Internal;

/// <summary>The timeout manager's events (nothing is built when the listener is absent or not interested).</summary>
internal static class TimeoutLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.Timeout;

    public static void TimedOut(ResilienceTelemetryListener? listener, string timeoutName, string operationType, TimeSpan timeout)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, timeoutName, ResilienceEventIds.TimedOut, "TimedOut", ResilienceEventSeverity.Error,
                "Operation '{OperationType}' timed out after {Timeout}",
                [new("OperationType", operationType), new("Timeout", timeout)]));
        }
    }

    public static void Abandoned(ResilienceTelemetryListener? listener, string timeoutName, string operationType, TimeSpan timeout)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, timeoutName, ResilienceEventIds.TimeoutAbandoned, "Abandoned", ResilienceEventSeverity.Error,
                "Operation '{OperationType}' timed out after {Timeout}; stopped waiting for it (it ignores its cancellation token and may still be running)",
                [new("OperationType", operationType), new("Timeout", timeout)]));
        }
    }
}
