using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.RateLimiting.Internal;

/// <summary>The rate-limiter stage's log lines (source-generated, allocation-free when the level is disabled).</summary>
internal static partial class RateLimitingLog
{
    [LoggerMessage(EventId = ResilienceEventIds.RateLimiterCallbackFailed, EventName = "RateLimiterCallbackFailed", Level = LogLevel.Error,
        Message = "Rate limiter '{RateLimiterName}': the OnRejected callback threw {ErrorType}; the call is still rejected.")]
    public static partial void OnRejectedFailed(ILogger logger, string rateLimiterName, string? errorType);
}
