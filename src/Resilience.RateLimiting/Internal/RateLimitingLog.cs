using Resilience.Telemetry;

namespace Resilience.RateLimiting.Internal;

/// <summary>The rate-limiter stage's events, raised on its <see cref="ResilienceTelemetryListener"/> (nothing is built when nobody listens).</summary>
internal static class RateLimitingLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.RateLimiter;

    public static void OnRejectedFailed(ResilienceTelemetryListener? listener, string rateLimiterName, string? errorType)
    {
        if (ResilienceTelemetryListener.CanRaise(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceTelemetryListener.Raise(listener, new(Source, rateLimiterName, RateLimitingConstants.CallbackFailedEventId, "RateLimiterCallbackFailed", ResilienceEventSeverity.Error,
                "Rate limiter '{RateLimiterName}': the OnRejected callback threw {ErrorType}; the call is still rejected.",
                [new("RateLimiterName", rateLimiterName), new("ErrorType", errorType)]));
        }
    }
}
