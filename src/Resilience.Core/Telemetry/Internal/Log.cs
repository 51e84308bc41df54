using Microsoft.Extensions.Logging;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// Every log message of the library, source-generated with stable event ids (docs/observability.md lists them).
/// </summary>
/// <remarks>
/// No message takes an exception object or an exception message: those can carry URLs with query strings,
/// user info or headers. Messages take the exception's type name and, for addresses, the output of
/// <see cref="UrlRedactor"/>.
/// </remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = ResilienceEventIds.CircuitOpened, EventName = "CircuitOpened", Level = LogLevel.Warning,
        Message = "Circuit breaker '{CircuitBreakerName}' opened ({Reason}); calls are rejected for {BreakDuration}.")]
    public static partial void CircuitOpened(ILogger logger, string circuitBreakerName, string? reason, TimeSpan breakDuration);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitClosed, EventName = "CircuitClosed", Level = LogLevel.Information,
        Message = "Circuit breaker '{CircuitBreakerName}' closed ({Reason}).")]
    public static partial void CircuitClosed(ILogger logger, string circuitBreakerName, string? reason);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitHalfOpened, EventName = "CircuitHalfOpened", Level = LogLevel.Information,
        Message = "Circuit breaker '{CircuitBreakerName}' is half-open: probe calls are allowed.")]
    public static partial void CircuitHalfOpened(ILogger logger, string circuitBreakerName);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitIsolated, EventName = "CircuitIsolated", Level = LogLevel.Warning,
        Message = "Circuit breaker '{CircuitBreakerName}' was isolated by hand: every call is rejected until it is reset.")]
    public static partial void CircuitIsolated(ILogger logger, string circuitBreakerName);

    [LoggerMessage(EventId = ResilienceEventIds.AlertRaised, EventName = "AlertRaised", Level = LogLevel.Warning,
        Message = "ALERT [{Severity}] {AlertKind} on '{CircuitBreakerName}': {AlertMessage} Action: {AlertAction}")]
    public static partial void AlertRaised(ILogger logger, string severity, string alertKind, string circuitBreakerName, string alertMessage, string alertAction);

    [LoggerMessage(EventId = ResilienceEventIds.AlertSinkFailed, EventName = "AlertSinkFailed", Level = LogLevel.Error,
        Message = "Alert sink {SinkType} failed to send a {AlertKind} alert for '{CircuitBreakerName}': {ErrorType}.")]
    public static partial void AlertSinkFailed(ILogger logger, string sinkType, string alertKind, string circuitBreakerName, string errorType);

    [LoggerMessage(EventId = ResilienceEventIds.MonitorEventsDropped, EventName = "MonitorEventsDropped", Level = LogLevel.Warning,
        Message = "The circuit monitor's queue was full: {DroppedEvents} state-change events dropped so far.")]
    public static partial void MonitorEventsDropped(ILogger logger, long droppedEvents);

    [LoggerMessage(EventId = ResilienceEventIds.MonitorFailed, EventName = "MonitorFailed", Level = LogLevel.Error,
        Message = "The circuit monitor's evaluation failed with {ErrorType}; it will try again at the next interval.")]
    public static partial void MonitorFailed(ILogger logger, string errorType);

    [LoggerMessage(EventId = ResilienceEventIds.OptionsReloaded, EventName = "OptionsReloaded", Level = LogLevel.Information,
        Message = "Circuit breaker '{CircuitBreakerName}' now uses its reloaded options.")]
    public static partial void OptionsReloaded(ILogger logger, string circuitBreakerName);

    [LoggerMessage(EventId = ResilienceEventIds.OptionsReloadRejected, EventName = "OptionsReloadRejected", Level = LogLevel.Error,
        Message = "Circuit breaker '{CircuitBreakerName}' keeps its previous options: the reloaded ones are invalid. {Errors}")]
    public static partial void OptionsReloadRejected(ILogger logger, string circuitBreakerName, string errors);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitStateChangedHandlerFailed, EventName = "CircuitStateChangedHandlerFailed", Level = LogLevel.Error,
        Message = "A StateChanged handler of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the breaker and the other handlers went on ({Occurrences} so far, logged at powers of two).")]
    public static partial void StateChangedHandlerFailed(ILogger logger, string circuitBreakerName, string errorType, long occurrences);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitBreakDurationGeneratorFailed, EventName = "CircuitBreakDurationGeneratorFailed", Level = LogLevel.Error,
        Message = "The BreakDurationGenerator of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the default break schedule applied ({Occurrences} so far, logged at powers of two).")]
    public static partial void BreakDurationGeneratorFailed(ILogger logger, string circuitBreakerName, string errorType, long occurrences);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitSlowCall, EventName = "CircuitSlowCall", Level = LogLevel.Warning,
        Message = "A call through circuit breaker '{CircuitBreakerName}' succeeded slower than its SlowCallDuration and counted as a failure ({Occurrences} so far, logged at powers of two).")]
    public static partial void SlowCall(ILogger logger, string circuitBreakerName, long occurrences);

    [LoggerMessage(EventId = ResilienceEventIds.CircuitStaleOutcome, EventName = "CircuitStaleOutcome", Level = LogLevel.Debug,
        Message = "An outcome for circuit breaker '{CircuitBreakerName}' arrived after the circuit changed state since its call was admitted and counted nowhere ({Occurrences} so far, logged at powers of two).")]
    public static partial void StaleOutcome(ILogger logger, string circuitBreakerName, long occurrences);
}
