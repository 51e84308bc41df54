using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;

namespace Resilience.CircuitBreaking;

/// <content>
/// The transitions. Each one builds the next epoch, then tries one compare-and-swap from the epoch it read; the
/// winner raises <see cref="StateChanged"/>, a loser changes nothing (another thread already moved on).
/// </content>
public sealed partial class CircuitBreaker
{
    private void OnClosedFailure(CircuitStateData epoch, CircuitBreakerSettings settings, long now, string errorType)
    {
        epoch.Window.RecordFailure(now);
        var failures = Interlocked.Increment(ref epoch.ConsecutiveFailures);
        OnFailureRecorded(errorType);

        if (settings.TripPolicy == CircuitBreakerTripPolicy.ConsecutiveFailures)
        {
            if (failures >= settings.FailureThreshold)
            {
                Open(epoch, CircuitStateChangeReason.FailureThresholdReached, 1, now, settings);
            }

            return;
        }

        // Perf: the ratio is computed on failures only, never on the success path.
        var counts = epoch.Window.Read(now);
        if (counts.Total >= settings.MinimumThroughput && counts.Failures >= settings.FailureRatio * counts.Total)
        {
            Open(epoch, CircuitStateChangeReason.FailureRatioReached, 1, now, settings);
        }
    }

    private void CompleteProbe(CircuitStateData epoch, ProbeTicket probe, OutcomeKind kind, string errorType, CircuitBreakerSettings settings)
    {
        if (!probe.TryComplete())
        {
            return;
        }

        if (probe.Hold is { } hold)
        {
            // A probe granted by an external coordinator: the coordinator decides on its outcome.
            hold.Complete(kind);
            return;
        }

        try
        {
            if (!ReferenceEquals(Volatile.Read(ref _state), epoch))
            {
                OnStaleOutcome(kind);
                return;
            }

            switch (kind)
            {
                case OutcomeKind.Success:
                    OnSuccessRecorded();
                    if (Interlocked.Increment(ref epoch.ProbeSuccesses) >= settings.SuccessThreshold)
                    {
                        var closed = new CircuitStateData(CircuitState.Closed, epoch.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
                        TryTransition(epoch, closed, CircuitStateChangeReason.ProbesSucceeded);
                    }

                    break;
                case OutcomeKind.Failure:
                    OnFailureRecorded(errorType);
                    Open(epoch, CircuitStateChangeReason.ProbeFailed, epoch.ConsecutiveTrips + 1, _timeProvider.GetTimestamp(), settings);
                    break;
                default:
                    OnIgnoredRecorded();
                    break;
            }
        }
        finally
        {
            // After the transition, so a waiting caller cannot take this slot in the period that just ended.
            probe.Gate!.Release();
        }
    }

    private void Open(CircuitStateData from, CircuitStateChangeReason reason, int consecutiveTrips, long now, CircuitBreakerSettings settings) =>
        TryTransition(from, CreateOpen(from, consecutiveTrips, now, settings), reason);

    /// <summary>
    /// Half-open with every probe slot taken past <see cref="CircuitBreakerOptions.MaxHalfOpenDuration"/>: opens again as if a
    /// probe had failed, and gives the next half-open period fresh slots, since the stuck probes may never give theirs back.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AbandonStuckProbes(CircuitStateData halfOpen)
    {
        var settings = Volatile.Read(ref _settings);
        var open = CreateOpen(halfOpen, halfOpen.ConsecutiveTrips + 1, _timeProvider.GetTimestamp(), settings);
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _state, open, halfOpen), halfOpen))
        {
            return;
        }

        // Before the event, so no handler and no next period sees the old, full gate. A stuck probe that completes
        // later releases its slot into the old gate (nobody uses it) and its outcome is stale.
        lock (_updateLock)
        {
            var current = Volatile.Read(ref _settings);
            Volatile.Write(ref _probeGate, new SemaphoreSlim(current.HalfOpenMaxCalls, current.HalfOpenMaxCalls));
        }

        OnStateChanged(halfOpen, open, CircuitStateChangeReason.ProbesTimedOut);
    }

    private CircuitStateData CreateOpen(CircuitStateData from, int consecutiveTrips, long now, CircuitBreakerSettings settings)
    {
        var duration = BreakDurationFor(consecutiveTrips, settings);
        return new CircuitStateData(
            CircuitState.Open,
            from.Epoch + 1,
            from.Window,
            _timeProvider.GetUtcNow(),
            consecutiveTrips,
            Volatile.Read(ref from.ConsecutiveFailures),
            TimeMath.AddSaturated(now, TimeMath.ToTimestampTicks(duration, _timeProvider)),
            duration)
        {
            CoarseBreakEnd = CoarseClock.IsUsable(_timeProvider) ? TimeMath.AddSaturated(CoarseClock.NowMilliseconds, CoarseClock.ToMilliseconds(duration)) : 0,
        };
    }

    private TimeSpan BreakDurationFor(int consecutiveTrips, CircuitBreakerSettings settings)
    {
        var duration = settings.DefaultBreakDuration(consecutiveTrips);
        if (settings.BreakDurationGenerator is { } generator)
        {
            try
            {
                duration = CircuitBreakerSettings.BoundGenerated(generator(new BreakDurationGeneratorArguments(Name, consecutiveTrips, duration)));
            }
#pragma warning disable CA1031 // A broken schedule must not keep the circuit from opening: the default schedule applies.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                OnBreakDurationGeneratorFailed(ex);
            }
        }

        return duration;
    }

    /// <summary>The single compare-and-swap of every transition; the winner raises the event.</summary>
    private bool TryTransition(CircuitStateData from, CircuitStateData to, CircuitStateChangeReason reason)
    {
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _state, to, from), from))
        {
            return false;
        }

        OnStateChanged(from, to, reason);
        return true;
    }

    private void OnStateChanged(CircuitStateData from, CircuitStateData to, CircuitStateChangeReason reason)
    {
        if (from.State == to.State)
        {
            // Reset of a closed circuit: counters cleared, no transition.
            return;
        }

        OnTransition(from.State, to.State, reason);
        var handlers = StateChanged;
        if (handlers is null)
        {
            return;
        }

        var args = new CircuitStateChangedEventArgs(
            Name,
            from.State,
            to.State,
            reason,
            to.EnteredAt,
            to.Epoch,
            to.State == CircuitState.Open ? to.BreakDuration : null);
        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(this, args);
            }
#pragma warning disable CA1031 // A subscriber's bug must not break the breaker or starve the other subscribers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                OnStateChangedHandlerFailed(ex);
            }
        }
    }
}
