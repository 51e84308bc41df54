namespace Resilience.Telemetry;

/// <summary>
/// Receives the library's telemetry events (a circuit opened, a retry, a timeout, a callback that threw...), the seam
/// through which the primitives report what they do without depending on a logging library. Set it on an options class's
/// <c>TelemetryListener</c> (<see cref="Retry.RetryOptions.TelemetryListener"/>, <see cref="Timeout.TimeoutOptions.TelemetryListener"/>,
/// <see cref="CircuitBreaking.CircuitBreakerOptions.TelemetryListener"/>, <see cref="Hedging.HedgingOptions{TResult}.TelemetryListener"/>).
/// </summary>
/// <remarks>
/// <para>The dependency-injection integration wires a listener that writes each event to <c>ILogger</c> (event id,
/// level, structured state and message as the library documents them); outside a container, create that listener from an
/// <c>ILoggerFactory</c> with <c>CreateResilienceTelemetryListener()</c>, or derive from this class to send events elsewhere.</para>
/// <para>Events are raised only off the success path: a successful call raises none. Before building an event, the
/// library asks <see cref="IsEnabled"/>; when it returns <see langword="false"/> nothing is formatted or allocated.</para>
/// <para>Implementations must be thread-safe: events are raised on the threads of the calls. An exception thrown by
/// <see cref="IsEnabled"/> or <see cref="Write"/> never reaches the call: it is counted in
/// <c>resilience.telemetry.listener.errors</c> (tagged with <c>error.type</c>) every time, and reported to the listener
/// itself as a <see cref="ResilienceEventIds.TelemetryListenerFailed"/> event the first time and each time the count reaches a
/// power of two.</para>
/// </remarks>
public abstract class ResilienceTelemetryListener
{
    private long _failures;

    /// <summary>Tells whether events of a source and severity are wanted; return <see langword="false"/> to skip them before they are built.</summary>
    /// <param name="source">The kind of component about to raise an event.</param>
    /// <param name="severity">The event's severity.</param>
    /// <returns><see langword="true"/> (the default) to receive the event in <see cref="Write"/>.</returns>
    public virtual bool IsEnabled(ResilienceEventSource source, ResilienceEventSeverity severity) => true;

    /// <summary>Receives one event; called only when <see cref="IsEnabled"/> returned <see langword="true"/> for its source and severity.</summary>
    /// <param name="resilienceEvent">The event; valid only during the call.</param>
    public abstract void Write(in ResilienceEvent resilienceEvent);

    /// <summary>Counts one exception this listener threw; returns the count so far.</summary>
    internal long CountFailure() => Interlocked.Increment(ref _failures);
}
