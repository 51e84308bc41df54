using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <content>
/// Hooks for an external coordinator (Resilience.Redis, through InternalsVisibleTo): hold the circuit open by a
/// decision taken elsewhere and admit only the probes it grants. None of this is on the closed path.
/// </content>
public sealed partial class CircuitBreaker
{
    /// <summary>Gets the external hold of the current state, if any.</summary>
    internal ExternalHold? CurrentHold => Volatile.Read(ref _state).Hold;

    /// <summary>
    /// Opens the circuit under a new external hold until <see cref="ReleaseHold"/>; calls are rejected with
    /// <paramref name="breakEnd"/> as their retry-after and only probes granted on the hold run.
    /// </summary>
    /// <returns>The hold, or <see langword="null"/> when the breaker is isolated by hand (the manual decision wins).</returns>
    internal ExternalHold? HoldOpen(DateTimeOffset breakEnd)
    {
        var hold = new ExternalHold(breakEnd);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.State == CircuitState.Isolated)
            {
                return null;
            }

            // What the breaker's own evidence says, kept under a chain of holds so that releasing can restore it.
            hold.LocalVerdict = current.Hold?.LocalVerdict ?? current;
            var enteredAt = _timeProvider.GetUtcNow();
            var remaining = breakEnd > enteredAt ? breakEnd - enteredAt : TimeSpan.Zero;
            var open = new CircuitStateData(
                CircuitState.Open,
                current.Epoch + 1,
                current.Window,
                enteredAt,
                current.ConsecutiveTrips,
                Volatile.Read(ref current.ConsecutiveFailures),
                TimeMath.AddSaturated(_timeProvider.GetTimestamp(), TimeMath.ToTimestampTicks(remaining, _timeProvider)),
                remaining)
            {
                Hold = hold,
            };
            if (TryTransition(current, open, CircuitStateChangeReason.SharedDecision))
            {
                return hold;
            }
        }
    }

    /// <summary>
    /// Ends <paramref name="hold"/>. Does nothing if the hold is no longer current (a manual reset or isolate replaced it).
    /// </summary>
    /// <param name="hold">The hold to end.</param>
    /// <param name="restoreLocalVerdict">
    /// <see langword="true"/> when the shared decision is no longer known (the coordinator lost its store, or the breaker
    /// leaves it): the breaker goes back to the state its own evidence left before the hold (a local break keeps its end,
    /// a closed window keeps its counts). <see langword="false"/> when the fleet closed the circuit after successful
    /// probes: the breaker closes with a fresh window.
    /// </param>
    internal void ReleaseHold(ExternalHold hold, bool restoreLocalVerdict)
    {
        var settings = Volatile.Read(ref _settings);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (!ReferenceEquals(current.Hold, hold))
            {
                return;
            }

            var next = restoreLocalVerdict && hold.LocalVerdict is { } local
                ? Restored(local, current.Epoch + 1)
                : new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
            if (TryTransition(current, next, CircuitStateChangeReason.SharedDecision))
            {
                return;
            }
        }
    }

    /// <summary>A new epoch with the verdict and counters of <paramref name="local"/> (never isolated: a hold is not put on an isolated breaker).</summary>
    private CircuitStateData Restored(CircuitStateData local, long epoch) => local.State switch
    {
        CircuitState.Open => new CircuitStateData(
            CircuitState.Open,
            epoch,
            local.Window,
            local.EnteredAt,
            local.ConsecutiveTrips,
            Volatile.Read(ref local.ConsecutiveFailures),
            local.BreakEndTimestamp,
            local.BreakDuration)
        {
            CoarseBreakEnd = local.CoarseBreakEnd,
        },
        // Half-open: an open state whose break is over, so the next call enters a new half-open period the usual way.
        CircuitState.HalfOpen => new CircuitStateData(
            CircuitState.Open,
            epoch,
            local.Window,
            _timeProvider.GetUtcNow(),
            local.ConsecutiveTrips,
            Volatile.Read(ref local.ConsecutiveFailures)),
        _ => new CircuitStateData(CircuitState.Closed, epoch, local.Window, _timeProvider.GetUtcNow(), consecutiveFailures: Volatile.Read(ref local.ConsecutiveFailures)),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAcquireHeld(CircuitStateData epoch, ExternalHold hold, out CircuitBreakerPermit permit, out CircuitRejection rejection)
    {
        if (hold.TryTakeProbe())
        {
            var probeStart = StartTimestamp();
            permit = new CircuitBreakerPermit(this, epoch, new ProbeTicket(hold), probeStart);
            rejection = default;
            return true;
        }

        hold.OnRejected();
        var now = _timeProvider.GetTimestamp();
        var retryAfter = now < epoch.BreakEndTimestamp ? _timeProvider.GetElapsedTime(now, epoch.BreakEndTimestamp) : TimeSpan.Zero;
        return RejectWhileOpen(retryAfter, out permit, out rejection);
    }
}
