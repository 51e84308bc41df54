using System.Diagnostics.CodeAnalysis;
using Resilience.Telemetry.Internal;

namespace Resilience.Telemetry;

/// <summary>
/// Receives the library's telemetry events (a circuit opened, a retry, a timeout, a callback that threw...), the seam
/// through which the primitives report what they do without depending on a logging library. Set it on an options class's
/// <c>TelemetryListener</c> (<see cref="Retry.RetryOptions.TelemetryListener"/>, <see cref="Timeout.TimeoutOptions.TelemetryListener"/>,
/// <see cref="CircuitBreaking.CircuitBreakerOptions.TelemetryListener"/>, the hedging stage's <c>HedgingOptions.TelemetryListener</c> in Resilience.Hedging).
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
/// itself as a <c>TelemetryListenerFailed</c> event (6001) the first time and each time the count reaches a
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

    /// <summary>Tells whether <paramref name="listener"/> wants events of <paramref name="source"/> at
    /// <paramref name="severity"/>, as the library asks before it builds an event: <see langword="false"/> for no
    /// listener, and an exception <see cref="IsEnabled(ResilienceEventSource, ResilienceEventSeverity)"/> throws is
    /// contained, counted and reported as described in the remarks.</summary>
    /// <param name="listener">The listener, or <see langword="null"/>.</param>
    /// <param name="source">The kind of component about to raise an event.</param>
    /// <param name="severity">The event's severity.</param>
    /// <returns><see langword="true"/> when the event should be built and passed to <see cref="Raise"/>.</returns>
    /// <remarks>With <see cref="Raise"/>, the seam for a stage outside this library (the rate limiter of
    /// Resilience.RateLimiting is one) to raise events with the same guarantees: nothing is built when nobody listens,
    /// and a throwing listener never breaks the call.</remarks>
    public static bool CanRaise([NotNullWhen(true)] ResilienceTelemetryListener? listener, ResilienceEventSource source, ResilienceEventSeverity severity) =>
        ResilienceEvents.IsEnabled(listener, source, severity);

    /// <summary>Writes <paramref name="resilienceEvent"/> to <paramref name="listener"/> after <see cref="CanRaise"/>
    /// returned <see langword="true"/>; an exception the listener throws is contained, counted and reported as described
    /// in the remarks, never thrown to the caller.</summary>
    /// <param name="listener">The listener.</param>
    /// <param name="resilienceEvent">The event.</param>
    public static void Raise(ResilienceTelemetryListener listener, in ResilienceEvent resilienceEvent)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ResilienceEvents.Write(listener, in resilienceEvent);
    }

    /// <summary>Counts one exception this listener threw; returns the count so far.</summary>
    internal long CountFailure() => Interlocked.Increment(ref _failures);
}
