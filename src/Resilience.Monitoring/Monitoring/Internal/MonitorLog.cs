using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Monitoring.Internal;

/// <summary>The monitor's and the logger alert sink's log lines (source-generated with stable event ids; docs/observability.md lists them).</summary>
/// <remarks>Like every log line of the library they take an exception's type name, never the exception or its message.</remarks>
internal static partial class MonitorLog
{
    [LoggerMessage(EventId = MonitoringEventIds.AlertRaised, EventName = "AlertRaised", Level = LogLevel.Warning,
        Message = "ALERT [{Severity}] {AlertKind} on '{CircuitBreakerName}': {AlertMessage} Action: {AlertAction}")]
    public static partial void AlertRaised(ILogger logger, string severity, string alertKind, string circuitBreakerName, string alertMessage, string alertAction);

    [LoggerMessage(EventId = MonitoringEventIds.AlertSinkFailed, EventName = "AlertSinkFailed", Level = LogLevel.Error,
        Message = "Alert sink {SinkType} failed to send a {AlertKind} alert for '{CircuitBreakerName}': {ErrorType}.")]
    public static partial void AlertSinkFailed(ILogger logger, string sinkType, string alertKind, string circuitBreakerName, string errorType);

    [LoggerMessage(EventId = MonitoringEventIds.MonitorEventsDropped, EventName = "MonitorEventsDropped", Level = LogLevel.Warning,
        Message = "The circuit monitor's queue was full: {DroppedEvents} state-change events dropped so far.")]
    public static partial void MonitorEventsDropped(ILogger logger, long droppedEvents);

    [LoggerMessage(EventId = MonitoringEventIds.MonitorFailed, EventName = "MonitorFailed", Level = LogLevel.Error,
        Message = "The circuit monitor's evaluation failed with {ErrorType}; it will try again at the next interval.")]
    public static partial void MonitorFailed(ILogger logger, string errorType);
}
