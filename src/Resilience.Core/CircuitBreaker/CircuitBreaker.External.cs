using System.Runtime.CompilerServices;
using Resilience.CircuitBreaker.Internal;

namespace Resilience.CircuitBreaker;

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

    /// <summary>Ends <paramref name="hold"/>: the circuit closes with a fresh window. Does nothing if the hold is no longer current (a manual reset or isolate replaced it).</summary>
    internal void ReleaseHold(ExternalHold hold)
    {
        var settings = Volatile.Read(ref _settings);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (!ReferenceEquals(current.Hold, hold))
            {
                return;
            }

            var closed = new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
            if (TryTransition(current, closed, CircuitStateChangeReason.SharedDecision))
            {
                return;
            }
        }
    }

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
