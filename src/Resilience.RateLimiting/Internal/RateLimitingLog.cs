using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.RateLimiting.Internal;

/// <summary>The rate-limiter stage's events, raised on its <see cref="ResilienceTelemetryListener"/> (nothing is built when nobody listens).</summary>
internal static class RateLimitingLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.RateLimiter;

    public static void OnRejectedFailed(ResilienceTelemetryListener? listener, string rateLimiterName, string? errorType)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, rateLimiterName, ResilienceEventIds.RateLimiterCallbackFailed, "RateLimiterCallbackFailed", ResilienceEventSeverity.Error,
                "Rate limiter '{RateLimiterName}': the OnRejected callback threw {ErrorType}; the call is still rejected.",
                [new("RateLimiterName", rateLimiterName), new("ErrorType", errorType)]));
        }
    }
}
