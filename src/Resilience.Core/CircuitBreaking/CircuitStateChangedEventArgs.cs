using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry;

namespace Resilience.CircuitBreaking;

/// <summary>Describes one transition of a <see cref="CircuitBreaker"/>, for <see cref="CircuitBreaker.StateChanged"/>.</summary>
public sealed class CircuitStateChangedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="CircuitStateChangedEventArgs"/> class.</summary>
    /// <param name="breakerName">The breaker's name.</param>
    /// <param name="previousState">The state before the transition.</param>
    /// <param name="newState">The state after the transition.</param>
    /// <param name="reason">Why the state changed.</param>
    /// <param name="timestamp">When the transition happened, by the breaker's <see cref="TimeProvider"/>.</param>
    /// <param name="epoch">The epoch number of the new state.</param>
    /// <param name="breakDuration">The break, for a transition to <see cref="CircuitState.Open"/>.</param>
    internal CircuitStateChangedEventArgs(
        string breakerName,
        CircuitState previousState,
        CircuitState newState,
        CircuitStateChangeReason reason,
        DateTimeOffset timestamp,
        long epoch,
        TimeSpan? breakDuration)
    {
        BreakerName = breakerName;
        PreviousState = previousState;
        NewState = newState;
        Reason = reason;
        Timestamp = timestamp;
        Epoch = epoch;
        BreakDuration = breakDuration;
    }

    /// <summary>Gets the breaker's name.</summary>
    public string BreakerName { get; }

    /// <summary>Gets the state before the transition.</summary>
    public CircuitState PreviousState { get; }

    /// <summary>Gets the state after the transition.</summary>
    public CircuitState NewState { get; }

    /// <summary>Gets why the state changed.</summary>
    public CircuitStateChangeReason Reason { get; }

    /// <summary>Gets when the transition happened, by the breaker's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the epoch number of the new state; it grows by one on every transition, so it orders events.</summary>
    public long Epoch { get; }

    /// <summary>Gets the break for a transition to <see cref="CircuitState.Open"/>; otherwise <see langword="null"/>.</summary>
    public TimeSpan? BreakDuration { get; }

    /// <summary>Writes this transition to <paramref name="listener"/> as a breaker writes its own (events 1001 to 1004,
    /// with the same template and properties): for an adapter that reports the transitions of breakers it created to a
    /// listener of its own (the HTTP adapter does for its per-authority breakers).</summary>
    /// <param name="listener">The listener, or <see langword="null"/> to write nothing.</param>
    /// <remarks>Nothing is built when the listener does not want the event; an exception it throws is contained as for any event.</remarks>
    public void WriteTo(ResilienceTelemetryListener? listener) => CircuitBreakerDiagnostics.LogStateChanged(listener, this);
}
