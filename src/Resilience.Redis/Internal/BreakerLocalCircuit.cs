using Resilience.CircuitBreaking;

namespace Resilience.Redis.Internal;

/// <summary>
/// Adapts a <see cref="CircuitBreaking.CircuitBreaker"/> to the shared layer through its public coordination seam
/// (<see cref="CircuitBreaking.CircuitBreaker.Coordination"/>). Used only from the coordinator's serialised round.
/// </summary>
internal sealed class BreakerLocalCircuit : ILocalCircuit
{
    private readonly CircuitBreaking.CircuitBreaker _breaker;
    private readonly CircuitCoordination _coordination;
    private CircuitHold? _hold;
    private CircuitCoordinationThresholds? _policySource;
    private SharedCircuitPolicy? _policy;

    public BreakerLocalCircuit(CircuitBreaking.CircuitBreaker breaker)
    {
        _breaker = breaker;
        _coordination = breaker.Coordination;
    }

    public string Name => _breaker.Name;

    /// <summary>Gets the thresholds from the breaker's current options (they follow <c>UpdateOptions</c>).</summary>
    public SharedCircuitPolicy Policy
    {
        get
        {
            var thresholds = _coordination.Thresholds;
            if (!ReferenceEquals(thresholds, _policySource))
            {
                _policy = new SharedCircuitPolicy(thresholds.FailureRatio, thresholds.MinimumThroughput, thresholds.BreakDuration, thresholds.HalfOpenMaxCalls, thresholds.SuccessThreshold);
                _policySource = thresholds;
            }

            return _policy!;
        }
    }

    public LocalHealth Sample()
    {
        var snapshot = _breaker.GetSnapshot();
        var held = _hold is not null && ReferenceEquals(_coordination.CurrentHold, _hold);

        // Only the breaker's own decision is evidence; a shared hold or a manual isolation is not.
        var ownOpen = !held && snapshot.State is CircuitState.Open or CircuitState.HalfOpen;
        return new LocalHealth(snapshot.WindowFailures + snapshot.WindowSuccesses, snapshot.WindowFailures, ownOpen, _hold?.TakeDemand() ?? 0);
    }

    public void HoldOpen(DateTimeOffset breakEnd)
    {
        if (_hold is { } current && current.BreakEnd == breakEnd && ReferenceEquals(_coordination.CurrentHold, current))
        {
            return;
        }

        _hold = _coordination.HoldOpen(breakEnd);
    }

    public void GrantProbe(Action<bool> onOutcome) => _hold?.GrantProbe(onOutcome);

    public void RevokeProbe() => _hold?.RevokeProbes();

    public void Release(bool restoreLocalVerdict)
    {
        if (_hold is { } hold)
        {
            _hold = null;
            _coordination.Release(hold, restoreLocalVerdict ? CircuitHoldRelease.RestoreLocalState : CircuitHoldRelease.Close);
        }
    }
}
