
namespace Resilience.Telemetry.Internal;

/// <summary>
/// The circuit breakers' and the registry's events, raised on a <see cref="ResilienceTelemetryListener"/> with stable
/// event ids, names, severities, message templates and property names (docs/observability.md lists them).
/// </summary>
/// <remarks>
/// <para>Each method asks the listener first and builds nothing when it is absent or not interested.</para>
/// <para>No event takes an exception object or an exception message: those can carry URLs with query strings,
/// user info or headers. Events take the exception's type name, and addresses only without user info, query and
/// fragment (the shared <c>UrlRedactor</c> of src/Shared).</para>
/// </remarks>
internal static class Log
{
    private const ResilienceEventSource Source = ResilienceEventSource.CircuitBreaker;

    public static void CircuitOpened(ResilienceTelemetryListener? listener, string circuitBreakerName, string? reason, TimeSpan breakDuration)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitOpened, "CircuitOpened", ResilienceEventSeverity.Warning,
                "Circuit breaker '{CircuitBreakerName}' opened ({Reason}); calls are rejected for {BreakDuration}.",
                [new("CircuitBreakerName", circuitBreakerName), new("Reason", reason), new("BreakDuration", breakDuration)]));
        }
    }

    public static void CircuitClosed(ResilienceTelemetryListener? listener, string circuitBreakerName, string? reason)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Information))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitClosed, "CircuitClosed", ResilienceEventSeverity.Information,
                "Circuit breaker '{CircuitBreakerName}' closed ({Reason}).",
                [new("CircuitBreakerName", circuitBreakerName), new("Reason", reason)]));
        }
    }

    public static void CircuitHalfOpened(ResilienceTelemetryListener? listener, string circuitBreakerName)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Information))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitHalfOpened, "CircuitHalfOpened", ResilienceEventSeverity.Information,
                "Circuit breaker '{CircuitBreakerName}' is half-open: probe calls are allowed.",
                [new("CircuitBreakerName", circuitBreakerName)]));
        }
    }

    public static void CircuitIsolated(ResilienceTelemetryListener? listener, string circuitBreakerName)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitIsolated, "CircuitIsolated", ResilienceEventSeverity.Warning,
                "Circuit breaker '{CircuitBreakerName}' was isolated by hand: every call is rejected until it is reset.",
                [new("CircuitBreakerName", circuitBreakerName)]));
        }
    }

    public static void OptionsReloaded(ResilienceTelemetryListener? listener, string circuitBreakerName)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Information))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.OptionsReloaded, "OptionsReloaded", ResilienceEventSeverity.Information,
                "Circuit breaker '{CircuitBreakerName}' now uses its reloaded options.",
                [new("CircuitBreakerName", circuitBreakerName)]));
        }
    }

    public static void OptionsReloadRejected(ResilienceTelemetryListener? listener, string circuitBreakerName, string errors)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.OptionsReloadRejected, "OptionsReloadRejected", ResilienceEventSeverity.Error,
                "Circuit breaker '{CircuitBreakerName}' keeps its previous options: the reloaded ones are invalid. {Errors}",
                [new("CircuitBreakerName", circuitBreakerName), new("Errors", errors)]));
        }
    }

    public static void RegistryHandlerFailed(ResilienceTelemetryListener? listener, string registryEvent, string circuitBreakerName, string errorType)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.RegistryHandlerFailed, "RegistryHandlerFailed", ResilienceEventSeverity.Error,
                "A {RegistryEvent} handler of the circuit breaker registry threw {ErrorType} for breaker '{CircuitBreakerName}'; the registry went on",
                [new("RegistryEvent", registryEvent), new("ErrorType", errorType), new("CircuitBreakerName", circuitBreakerName)]));
        }
    }

    public static void StateChangedHandlerFailed(ResilienceTelemetryListener? listener, string circuitBreakerName, string errorType, long occurrences)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitStateChangedHandlerFailed, "CircuitStateChangedHandlerFailed", ResilienceEventSeverity.Error,
                "A StateChanged handler of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the breaker and the other handlers went on ({Occurrences} so far, logged at powers of two).",
                [new("CircuitBreakerName", circuitBreakerName), new("ErrorType", errorType), new("Occurrences", occurrences)]));
        }
    }

    public static void BreakDurationGeneratorFailed(ResilienceTelemetryListener? listener, string circuitBreakerName, string errorType, long occurrences)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitBreakDurationGeneratorFailed, "CircuitBreakDurationGeneratorFailed", ResilienceEventSeverity.Error,
                "The BreakDurationGenerator of circuit breaker '{CircuitBreakerName}' threw {ErrorType}; the default break schedule applied ({Occurrences} so far, logged at powers of two).",
                [new("CircuitBreakerName", circuitBreakerName), new("ErrorType", errorType), new("Occurrences", occurrences)]));
        }
    }

    public static void SlowCall(ResilienceTelemetryListener? listener, string circuitBreakerName, long occurrences)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitSlowCall, "CircuitSlowCall", ResilienceEventSeverity.Warning,
                "A call through circuit breaker '{CircuitBreakerName}' succeeded slower than its SlowCallDuration and counted as a failure ({Occurrences} so far, logged at powers of two).",
                [new("CircuitBreakerName", circuitBreakerName), new("Occurrences", occurrences)]));
        }
    }

    public static void StaleOutcome(ResilienceTelemetryListener? listener, string circuitBreakerName, long occurrences)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Debug))
        {
            ResilienceEvents.Write(listener, new(Source, circuitBreakerName, ResilienceEventIds.CircuitStaleOutcome, "CircuitStaleOutcome", ResilienceEventSeverity.Debug,
                "An outcome for circuit breaker '{CircuitBreakerName}' arrived after the circuit changed state since its call was admitted and counted nowhere ({Occurrences} so far, logged at powers of two).",
                [new("CircuitBreakerName", circuitBreakerName), new("Occurrences", occurrences)]));
        }
    }
}
