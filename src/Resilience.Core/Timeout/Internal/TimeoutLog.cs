using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Timeout.Internal;

/// <summary>The timeout manager's log lines (source-generated).</summary>
internal static partial class TimeoutLog
{
    [LoggerMessage(EventId = ResilienceEventIds.TimedOut, Level = LogLevel.Error, Message = "Operation '{OperationType}' timed out after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string operationType, TimeSpan timeout);

    [LoggerMessage(
        EventId = ResilienceEventIds.TimeoutAbandoned,
        Level = LogLevel.Error,
        Message = "Operation '{OperationType}' timed out after {Timeout}; stopped waiting for it (it ignores its cancellation token and may still be running)")]
    public static partial void Abandoned(ILogger logger, string operationType, TimeSpan timeout);
}
