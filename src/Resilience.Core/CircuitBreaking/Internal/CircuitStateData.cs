// The experimental coordination seam (CircuitHold, CircuitCoordinationThresholds) is implemented here.
#pragma warning disable RESILIENCE0001

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// One epoch of a breaker's life: its state and everything that belongs to it. The breaker holds the current
/// epoch in one field and every transition replaces it with a single compare-and-swap, so a transition has
/// exactly one winner and readers never see a state with another state's data.
/// </summary>
/// <remarks>
/// A permit remembers the epoch it was admitted in. An outcome recorded against an epoch that is no longer
/// current is stale and changes nothing: a slow call admitted while closed cannot count as a probe, and a probe
/// of an earlier half-open period cannot close a newer one. Only the two counters are mutable, always through
/// <see cref="Interlocked"/>.
/// </remarks>
internal sealed class CircuitStateData
{
    public CircuitStateData(
        CircuitState state,
        long epoch,
        HealthWindow window,
        DateTimeOffset enteredAt,
        int consecutiveTrips = 0,
        int consecutiveFailures = 0,
        long breakEndTimestamp = 0,
        TimeSpan breakDuration = default)
    {
        State = state;
        Epoch = epoch;
        Window = window;
        EnteredAt = enteredAt;
        ConsecutiveTrips = consecutiveTrips;
        ConsecutiveFailures = consecutiveFailures;
        BreakEndTimestamp = breakEndTimestamp;
        BreakDuration = breakDuration;
    }

    public CircuitState State { get; }

    /// <summary>Gets the epoch number: 0 for the first closed state, one more on every transition.</summary>
    public long Epoch { get; }

    /// <summary>Gets the window the closed state counts into; later states keep it so snapshots still show it.</summary>
    public HealthWindow Window { get; }

    public DateTimeOffset EnteredAt { get; }

    /// <summary>Gets how many times the circuit opened since it was last closed (open and half-open states).</summary>
    public int ConsecutiveTrips { get; }

    /// <summary>Gets the timestamp at which an open circuit admits a probe.</summary>
    public long BreakEndTimestamp { get; }

    /// <summary>Gets the length of this open state's break.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>Gets the external hold that keeps this open state open (shared circuit), or <see langword="null"/>.</summary>
    public CircuitHold? Hold { get; init; }

    /// <summary>Gets the timestamp after which a half-open state whose probe slots are all taken opens again (hung probes).</summary>
    public long ProbeDeadline { get; init; }

    /// <summary>Gets the <see cref="Resilience.Internal.CoarseClock"/> reading at which an open state's break has surely ended; 0 when the breaker does not use the coarse clock.</summary>
    public long CoarseBreakEnd { get; init; }

#pragma warning disable CA1051 // Public counters so they can be updated with Interlocked; internal type.
    /// <summary>Closed: failures in a row. Later states: the count when the circuit opened.</summary>
    public int ConsecutiveFailures;

    /// <summary>Half-open: probes of this period that succeeded.</summary>
    public int ProbeSuccesses;
#pragma warning restore CA1051
}
