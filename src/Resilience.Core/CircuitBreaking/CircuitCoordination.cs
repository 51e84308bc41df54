using System.Diagnostics.CodeAnalysis;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// The seam through which an external coordinator (the shared circuit of Resilience.Redis, or any other store: a
/// database, a service mesh) shares one breaker's decision across instances: it reads the breaker's thresholds and
/// snapshot, holds the breaker open by a decision taken elsewhere, grants the probes the fleet allows, and releases it.
/// Get it from <see cref="CircuitBreaker.Coordination"/>.
/// </summary>
/// <remarks>
/// <para>Experimental (diagnostic <c>RESILIENCE0001</c>): the shape may change in a minor version while more stores
/// plug in; suppress the diagnostic where you implement a coordinator.</para>
/// <para>Thread-safe. A hold is a state transition like any other (reason <see cref="CircuitStateChangeReason.SharedDecision"/>,
/// raised on <see cref="CircuitBreaker.StateChanged"/>); a manual <see cref="CircuitBreaker.Isolate"/> or
/// <see cref="CircuitBreaker.Reset"/> always wins over it. Nothing here is on the closed path.</para>
/// </remarks>
[Experimental(CircuitBreakerConstants.CoordinationDiagnosticId)]
public sealed class CircuitCoordination
{
    private readonly CircuitStateMachine _machine;

    internal CircuitCoordination(CircuitStateMachine machine) => _machine = machine;

    /// <summary>Gets the thresholds of the breaker's current options (a new instance after each <see cref="CircuitBreaker.UpdateOptions"/>).</summary>
    public CircuitCoordinationThresholds Thresholds => _machine.Settings.Coordination;

    /// <summary>Gets the hold of the breaker's current state, or <see langword="null"/> when the breaker decides alone.</summary>
    public CircuitHold? CurrentHold => _machine.CurrentHold;

    /// <summary>
    /// Opens the circuit under a new hold until <see cref="Release"/>: calls are rejected with <paramref name="breakEnd"/>
    /// as their retry-after, and only probes granted on the hold run.
    /// </summary>
    /// <param name="breakEnd">The shared break end.</param>
    /// <returns>The hold, or <see langword="null"/> when the breaker is isolated by hand (the manual decision wins).</returns>
    public CircuitHold? HoldOpen(DateTimeOffset breakEnd) => _machine.HoldOpen(breakEnd);

    /// <summary>Ends <paramref name="hold"/>; does nothing if it is no longer current (a manual reset or isolation replaced it).</summary>
    /// <param name="hold">The hold to end.</param>
    /// <param name="release">Where the breaker goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hold"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="release"/> is not a defined value.</exception>
    public void Release(CircuitHold hold, CircuitHoldRelease release)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (release is not (CircuitHoldRelease.RestoreLocalState or CircuitHoldRelease.Close))
        {
            throw new ArgumentOutOfRangeException(nameof(release), release, "Not a defined CircuitHoldRelease value.");
        }

        _machine.ReleaseHold(hold, release == CircuitHoldRelease.RestoreLocalState);
    }
}
