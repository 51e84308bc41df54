namespace Resilience.Redis.Internal;

/// <summary>
/// What the shared layer needs from a local breaker. Every member is called from the background loop only,
/// except the probe callback, which the local breaker invokes when a granted probe call completes.
/// </summary>
internal interface ILocalCircuit
{
    /// <summary>Gets the breaker's name (the shared key).</summary>
    string Name { get; }

    /// <summary>Gets the thresholds the fleet decides with, from the breaker's current options.</summary>
    SharedCircuitPolicy Policy { get; }

    /// <summary>Samples the local window and state.</summary>
    /// <returns>The sample.</returns>
    LocalHealth Sample();

    /// <summary>
    /// Holds the local breaker open until <see cref="Release"/>, with <paramref name="breakEnd"/> as the callers' retry-after.
    /// Does nothing when already held with the same break end; a new break end starts a new hold without probe permits.
    /// </summary>
    /// <param name="breakEnd">The shared break end.</param>
    void HoldOpen(DateTimeOffset breakEnd);

    /// <summary>Lets one call through the hold as a probe; its outcome goes to <paramref name="onOutcome"/> (<see langword="true"/> = success).</summary>
    /// <param name="onOutcome">Invoked once with the probe's outcome, on the thread that completed the call.</param>
    void GrantProbe(Action<bool> onOutcome);

    /// <summary>Withdraws a probe permit granted by <see cref="GrantProbe"/> and not used yet.</summary>
    void RevokeProbe();

    /// <summary>Ends a hold: the local breaker goes back to deciding alone.</summary>
    /// <param name="restoreLocalVerdict">
    /// <see langword="true"/> when the shared decision is unknown (Redis lost, breaker detached): the breaker returns to what
    /// its own evidence said before the hold (an own break keeps its end). <see langword="false"/> when the fleet closed the
    /// circuit after successful probes: the breaker closes with a fresh window.
    /// </param>
    void Release(bool restoreLocalVerdict);
}
