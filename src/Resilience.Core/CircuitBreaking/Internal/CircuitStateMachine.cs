using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Resilience.Internal;

// The experimental coordination seam (CircuitHold, CircuitCoordinationThresholds) is implemented here.
#pragma warning disable RESILIENCE0001

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The state machine of one <see cref="CircuitBreaker"/>: it owns the state word (the current
/// <see cref="CircuitStateData"/> epoch), the half-open probe gate, the settings and every transition. The public
/// breaker only builds it and delegates to it.
/// </summary>
/// <remarks>
/// <para>A change of epoch within one state (a reset of a closed circuit, a hold on an open one) is not a transition:
/// no event, no transition metric.</para>
/// <para>Every transition builds the next epoch and tries one compare-and-swap of <c>_state</c> from the epoch it read
/// (<see cref="TryTransition"/>, or the two swaps that also replace the gate or keep the event silent); exactly one thread
/// wins, and only the winner reports the transition to <see cref="CircuitBreakerTelemetry"/>. A loser changes nothing:
/// another thread already moved on. Open becomes half-open lazily, on the first call after the break, by the injected
/// <see cref="System.TimeProvider"/>; the machine runs no timers.</para>
/// <para>The state table (state x event -> next state, reason):</para>
/// <list type="table">
/// <listheader><term>State x event</term><description>Next state (reason)</description></listheader>
/// <item><term>Closed x failure, <see cref="CircuitBreakerTripPolicy.ConsecutiveFailures"/>, failures in a row reach FailureThreshold</term>
/// <description>Open, trip 1 (<see cref="CircuitStateChangeReason.FailureThresholdReached"/>)</description></item>
/// <item><term>Closed x failure, <see cref="CircuitBreakerTripPolicy.FailureRatio"/>, window has MinimumThroughput calls and its ratio reaches FailureRatio</term>
/// <description>Open, trip 1 (<see cref="CircuitStateChangeReason.FailureRatioReached"/>)</description></item>
/// <item><term>Closed x any other outcome</term><description>Closed, counted in the epoch (no transition)</description></item>
/// <item><term>Closed x SamplingDuration changed by UpdateOptions</term><description>Closed, new epoch with an empty window (no event)</description></item>
/// <item><term>Open x call before the break end</term><description>Open, call rejected with the time left</description></item>
/// <item><term>Open x call at or after the break end</term><description>HalfOpen (<see cref="CircuitStateChangeReason.BreakElapsed"/>)</description></item>
/// <item><term>Open under a <see cref="CircuitHold"/> x call</term><description>Open; the call runs as the hold's probe if one is granted, else it is rejected</description></item>
/// <item><term>HalfOpen x call with a free probe slot</term><description>HalfOpen, the call runs as a probe</description></item>
/// <item><term>HalfOpen x call, every slot taken for less than MaxHalfOpenDuration</term><description>HalfOpen, call rejected</description></item>
/// <item><term>HalfOpen x call, every slot taken for MaxHalfOpenDuration or more</term>
/// <description>Open, trip + 1, a fresh probe gate (<see cref="CircuitStateChangeReason.ProbesTimedOut"/>)</description></item>
/// <item><term>HalfOpen x probe success, SuccessThreshold reached</term><description>Closed, new window (<see cref="CircuitStateChangeReason.ProbesSucceeded"/>)</description></item>
/// <item><term>HalfOpen x probe failure</term><description>Open, trip + 1 (<see cref="CircuitStateChangeReason.ProbeFailed"/>)</description></item>
/// <item><term>Closed, Open or HalfOpen x <see cref="HoldOpen"/></term><description>Open under the hold (<see cref="CircuitStateChangeReason.SharedDecision"/>; from Open a new epoch without an event)</description></item>
/// <item><term>Isolated x <see cref="HoldOpen"/></term><description>Isolated (the manual decision wins; no hold)</description></item>
/// <item><term>Open under the hold x <see cref="ReleaseHold"/>, closing</term><description>Closed, new window (<see cref="CircuitStateChangeReason.SharedDecision"/>)</description></item>
/// <item><term>Open under the hold x <see cref="ReleaseHold"/>, restoring</term>
/// <description>The local verdict before the hold: Open keeps its break end, HalfOpen becomes Open with its break over,
/// Closed keeps its window (<see cref="CircuitStateChangeReason.SharedDecision"/>; back to Open a new epoch without an event)</description></item>
/// <item><term>Any state but Isolated x <see cref="TryIsolate"/></term><description>Isolated (<see cref="CircuitStateChangeReason.Isolated"/>)</description></item>
/// <item><term>Any state x <see cref="Reset"/></term><description>Closed, new window (<see cref="CircuitStateChangeReason.Reset"/>; no event when it was closed)</description></item>
/// <item><term>Any state x an outcome of an earlier epoch</term><description>Unchanged: the outcome is stale and only reported</description></item>
/// </list>
/// <para>Perf: a closed-state admission reads the state word and the settings and allocates nothing; a success bumps one
/// processor-local counter; an open circuit whose break surely goes on rejects by the coarse clock without a clock call
/// and without allocating. Nothing on those paths is virtual.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The probe SemaphoreSlim is only used with Wait(0)/Release and never creates a wait handle, so there is nothing to dispose.")]
internal sealed class CircuitStateMachine
{
    private readonly string _name;
    private readonly TimeProvider _timeProvider;
    private readonly CircuitBreakerTelemetry _telemetry;
    private readonly StateRejectionSource _openRejection;
    private readonly StateRejectionSource _halfOpenRejection;
    private readonly StateRejectionSource _isolatedRejection;
    private readonly Lock _updateLock = new();
    private CircuitBreakerSettings _settings;
    private CircuitStateData _state;
    private SemaphoreSlim _probeGate;

    /// <param name="name">The breaker's name.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="telemetry">Where every outcome, rejection and transition is reported.</param>
    public CircuitStateMachine(string name, CircuitBreakerOptions options, TimeProvider timeProvider, CircuitBreakerTelemetry telemetry)
    {
        _name = name;
        _timeProvider = timeProvider;
        _telemetry = telemetry;
        _settings = new CircuitBreakerSettings(options, timeProvider);
        _probeGate = new SemaphoreSlim(_settings.HalfOpenMaxCalls, _settings.HalfOpenMaxCalls);
        _openRejection = new StateRejectionSource(name, CircuitState.Open);
        _halfOpenRejection = new StateRejectionSource(name, CircuitState.HalfOpen);
        _isolatedRejection = new StateRejectionSource(name, CircuitState.Isolated);
        _state = new CircuitStateData(CircuitState.Closed, 0, NewWindow(_settings), timeProvider.GetUtcNow());
    }

    public CircuitState State => Volatile.Read(ref _state).State;

    public CircuitBreakerSettings Settings => Volatile.Read(ref _settings);

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets the current epoch (tests and snapshots).</summary>
    public CircuitStateData Current => Volatile.Read(ref _state);

    /// <summary>Gets the external hold of the current state, if any.</summary>
    public CircuitHold? CurrentHold => Volatile.Read(ref _state).Hold;

    /// <summary>Asks to run one call: a permit, or the rejection to report (its exception is created only on demand).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAcquire(out CircuitBreakerPermit permit, out CircuitRejection rejection)
    {
        var epoch = Volatile.Read(ref _state);
        if (epoch.State == CircuitState.Closed)
        {
            // Perf: the closed path reads shared fields only, so threads never fight over a cache line here.
            var start = StartTimestamp();
            permit = new CircuitBreakerPermit(this, epoch, null, start);
            rejection = default;
            return true;
        }

        // Perf: an open circuit whose break surely goes on (by the coarse clock) rejects here, without a call.
        var coarseBreakEnd = epoch.CoarseBreakEnd;
        if (coarseBreakEnd != 0)
        {
            var remaining = coarseBreakEnd - CoarseClock.NowMilliseconds;
            if (remaining > 0)
            {
                return RejectWhileOpen(TimeMath.FromMillisecondsSaturated(remaining), out permit, out rejection);
            }
        }

        return TryAcquireSlow(epoch, out permit, out rejection);
    }

    /// <summary>Applies a recorded outcome to the epoch the permit was admitted in.</summary>
    /// <param name="permit">The permit of the call.</param>
    /// <param name="kind">How the call's outcome counts.</param>
    /// <param name="errorType">For a failure, what failed (see <see cref="Telemetry.Internal.ErrorTypes"/>); <see langword="null"/> otherwise.</param>
    public void Complete(in CircuitBreakerPermit permit, OutcomeKind kind, string? errorType = null)
    {
        var settings = Volatile.Read(ref _settings);
        long now = 0;
        if (kind == OutcomeKind.Success && settings.SlowCallTicks != 0 && permit.StartTimestamp != 0)
        {
            now = _timeProvider.GetTimestamp();
            if (now - permit.StartTimestamp >= settings.SlowCallTicks)
            {
                kind = OutcomeKind.Failure;
                errorType = Telemetry.Internal.ErrorTypes.SlowCall;
                _telemetry.SlowCall();
            }
        }

        if (permit.StartTimestamp != 0)
        {
            _telemetry.CallCompleted(kind, errorType ?? Telemetry.Internal.ErrorTypes.Other, permit.StartTimestamp);
        }

        var epoch = permit.EpochData;
        if (permit.Probe is { } probe)
        {
            CompleteProbe(epoch, probe, kind, errorType ?? Telemetry.Internal.ErrorTypes.Other, settings);
            return;
        }

        if (!ReferenceEquals(Volatile.Read(ref _state), epoch))
        {
            _telemetry.StaleOutcome(kind);
            return;
        }

        switch (kind)
        {
            case OutcomeKind.Success:
                // Perf: a read, not a write, when there is nothing to reset.
                if (Volatile.Read(ref epoch.ConsecutiveFailures) != 0)
                {
                    Interlocked.Exchange(ref epoch.ConsecutiveFailures, 0);
                }

                if (settings.TripPolicy == CircuitBreakerTripPolicy.FailureRatio)
                {
                    if (now != 0)
                    {
                        epoch.Window.RecordSuccess(now);
                    }
                    else
                    {
                        // Perf: timed by the coarse clock while that is surely precise enough for the window's buckets.
                        epoch.Window.RecordSuccessNow();
                    }
                }
                else
                {
                    // Perf: successes only feed statistics here, so they skip the clock.
                    epoch.Window.RecordUntimedSuccess();
                }

                _telemetry.SuccessRecorded();
                break;
            case OutcomeKind.Failure:
                OnClosedFailure(epoch, settings, now != 0 ? now : _timeProvider.GetTimestamp(), errorType ?? Telemetry.Internal.ErrorTypes.Other);
                break;
            default:
                _telemetry.IgnoredRecorded();
                break;
        }
    }

    /// <summary>Isolates the circuit; <see langword="false"/> when it already was (then nothing changed).</summary>
    /// <param name="epoch">The epoch of the isolation this call placed, to end exactly it with <see cref="Reset"/>.</param>
    public bool TryIsolate(out long epoch)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.State == CircuitState.Isolated)
            {
                epoch = -1;
                return false;
            }

            var isolated = new CircuitStateData(
                CircuitState.Isolated,
                current.Epoch + 1,
                current.Window,
                _timeProvider.GetUtcNow(),
                current.ConsecutiveTrips,
                Volatile.Read(ref current.ConsecutiveFailures));
            if (TryTransition(current, isolated, CircuitStateChangeReason.Isolated))
            {
                epoch = isolated.Epoch;
                return true;
            }
        }
    }

    /// <summary>Closes the circuit with a new window; with <paramref name="expectedEpoch"/>, only while that epoch is still current.</summary>
    /// <returns><see langword="true"/> when this call reset the circuit.</returns>
    public bool Reset(long? expectedEpoch)
    {
        var settings = Volatile.Read(ref _settings);
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (expectedEpoch is { } expected && current.Epoch != expected)
            {
                return false;
            }

            var closed = new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
            if (TryTransition(current, closed, CircuitStateChangeReason.Reset))
            {
                return true;
            }
        }
    }

    /// <summary>Swaps in new, validated options (see <see cref="CircuitBreaker.UpdateOptions"/> for when each takes effect).</summary>
    public void UpdateOptions(CircuitBreakerOptions options)
    {
        // Perf: updates are rare; the lock only orders concurrent updates and guards no user code.
        lock (_updateLock)
        {
            var next = new CircuitBreakerSettings(options, _timeProvider);
            var previous = Interlocked.Exchange(ref _settings, next);
            if (next.HalfOpenMaxCalls != previous.HalfOpenMaxCalls)
            {
                Volatile.Write(ref _probeGate, new SemaphoreSlim(next.HalfOpenMaxCalls, next.HalfOpenMaxCalls));
            }

            if (next.SamplingDuration != previous.SamplingDuration)
            {
                RestartClosedWindow_NeedsLock(next);
            }
        }
    }

    /// <summary>Takes a consistent view of the state and counters.</summary>
    public CircuitBreakerSnapshot GetSnapshot()
    {
        var epoch = Volatile.Read(ref _state);
        var counts = epoch.Window.Read(_timeProvider.GetTimestamp());
        return new CircuitBreakerSnapshot
        {
            Name = _name,
            State = epoch.State,
            Epoch = epoch.Epoch,
            ConsecutiveFailures = Volatile.Read(ref epoch.ConsecutiveFailures),
            ConsecutiveTrips = epoch.ConsecutiveTrips,
            WindowFailures = counts.Failures,
            WindowSuccesses = counts.Successes,
            LastStateChangeAt = epoch.EnteredAt,
            BreakEndsAt = epoch.State == CircuitState.Open ? TimeMath.AddSaturated(epoch.EnteredAt, epoch.BreakDuration) : null,
        };
    }

    /// <summary>Opens the circuit under a new external hold until <see cref="ReleaseHold"/>.</summary>
    /// <returns>The hold, or <see langword="null"/> when the breaker is isolated by hand (the manual decision wins).</returns>
    public CircuitHold? HoldOpen(DateTimeOffset breakEnd)
    {
        var hold = new CircuitHold(breakEnd);
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

    /// <summary>Ends <paramref name="hold"/>; does nothing if the hold is no longer current (a manual reset or isolate replaced it).</summary>
    /// <param name="hold">The hold to end.</param>
    /// <param name="restoreLocalVerdict"><see langword="true"/> to go back to what the breaker's own evidence said before the hold; <see langword="false"/> to close with a fresh window.</param>
    public void ReleaseHold(CircuitHold hold, bool restoreLocalVerdict)
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

    /// <summary>The start timestamp of a permit: read only when slow calls are detected or the duration histogram has a listener.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long StartTimestamp() =>
        Volatile.Read(ref _settings).SlowCallTicks == 0 && !CircuitBreakerTelemetry.CallDurationEnabled ? 0 : _timeProvider.GetTimestamp();

    /// <summary>Rejects a call while the circuit is open: <paramref name="retryAfter"/> is the time left of the break.</summary>
    private bool RejectWhileOpen(TimeSpan retryAfter, out CircuitBreakerPermit permit, out CircuitRejection rejection)
    {
        permit = default;
        rejection = new CircuitRejection(_openRejection, retryAfter);
        _telemetry.Rejected(CircuitState.Open);
        return false;
    }

    private HealthWindow NewWindow(CircuitBreakerSettings settings) => new(settings.SamplingDuration, _timeProvider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAcquireSlow(CircuitStateData epoch, out CircuitBreakerPermit permit, out CircuitRejection rejection)
    {
        while (true)
        {
            switch (epoch.State)
            {
                case CircuitState.Closed:
                    var start = StartTimestamp();
                    permit = new CircuitBreakerPermit(this, epoch, null, start);
                    rejection = default;
                    return true;

                case CircuitState.Open:
                    if (epoch.Hold is { } hold)
                    {
                        return TryAcquireHeld(epoch, hold, out permit, out rejection);
                    }

                    // TryAcquire rejected at once while the coarse clock said the break surely goes on (a third of a
                    // rejection's cost saved). Near the end, the precise clock decides: a probe is never early, and at
                    // most one OS tick late.
                    var now = _timeProvider.GetTimestamp();
                    if (now < epoch.BreakEndTimestamp)
                    {
                        return RejectWhileOpen(_timeProvider.GetElapsedTime(now, epoch.BreakEndTimestamp), out permit, out rejection);
                    }

                    var halfOpen = new CircuitStateData(
                        CircuitState.HalfOpen,
                        epoch.Epoch + 1,
                        epoch.Window,
                        _timeProvider.GetUtcNow(),
                        epoch.ConsecutiveTrips,
                        epoch.ConsecutiveFailures)
                    {
                        ProbeDeadline = TimeMath.AddSaturated(now, Volatile.Read(ref _settings).MaxHalfOpenTicks),
                    };
                    TryTransition(epoch, halfOpen, CircuitStateChangeReason.BreakElapsed);
                    break;

                case CircuitState.HalfOpen:
                    var gate = Volatile.Read(ref _probeGate);
                    if (!gate.Wait(0))
                    {
                        // Every slot is taken: if that has lasted past the half-open wait, the probes are stuck.
                        if (_timeProvider.GetTimestamp() >= epoch.ProbeDeadline)
                        {
                            AbandonStuckProbes(epoch);
                            break;
                        }

                        permit = default;
                        rejection = new CircuitRejection(_halfOpenRejection, System.Threading.Timeout.InfiniteTimeSpan);
                        _telemetry.Rejected(CircuitState.HalfOpen);
                        return false;
                    }

                    if (!ReferenceEquals(Volatile.Read(ref _state), epoch))
                    {
                        // The period ended while we took the slot: give it back and look again.
                        gate.Release();
                        break;
                    }

                    var probeStart = StartTimestamp();
                    permit = new CircuitBreakerPermit(this, epoch, new ProbeTicket(gate), probeStart);
                    rejection = default;
                    return true;

                default:
                    permit = default;
                    rejection = new CircuitRejection(_isolatedRejection, System.Threading.Timeout.InfiniteTimeSpan);
                    _telemetry.Rejected(CircuitState.Isolated);
                    return false;
            }

            epoch = Volatile.Read(ref _state);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAcquireHeld(CircuitStateData epoch, CircuitHold hold, out CircuitBreakerPermit permit, out CircuitRejection rejection)
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

    private void OnClosedFailure(CircuitStateData epoch, CircuitBreakerSettings settings, long now, string errorType)
    {
        epoch.Window.RecordFailure(now);
        var failures = Interlocked.Increment(ref epoch.ConsecutiveFailures);
        _telemetry.FailureRecorded(errorType);

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
                _telemetry.StaleOutcome(kind);
                return;
            }

            switch (kind)
            {
                case OutcomeKind.Success:
                    _telemetry.SuccessRecorded();
                    if (Interlocked.Increment(ref epoch.ProbeSuccesses) >= settings.SuccessThreshold)
                    {
                        var closed = new CircuitStateData(CircuitState.Closed, epoch.Epoch + 1, NewWindow(settings), _timeProvider.GetUtcNow());
                        TryTransition(epoch, closed, CircuitStateChangeReason.ProbesSucceeded);
                    }

                    break;
                case OutcomeKind.Failure:
                    _telemetry.FailureRecorded(errorType);
                    Open(epoch, CircuitStateChangeReason.ProbeFailed, epoch.ConsecutiveTrips + 1, _timeProvider.GetTimestamp(), settings);
                    break;
                default:
                    _telemetry.IgnoredRecorded();
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

        _telemetry.StateChanged(halfOpen, open, CircuitStateChangeReason.ProbesTimedOut);
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
                duration = CircuitBreakerSettings.BoundGenerated(generator(new BreakDurationGeneratorArguments(_name, consecutiveTrips, duration)));
            }
#pragma warning disable CA1031 // A broken schedule must not keep the circuit from opening: the default schedule applies.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _telemetry.BreakDurationGeneratorFailed(ex);
            }
        }

        return duration;
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

    /// <summary>Closed with a new window after the sampling duration changed; a new epoch, but not a transition (no event).</summary>
    private void RestartClosedWindow_NeedsLock(CircuitBreakerSettings settings)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current.State != CircuitState.Closed)
            {
                return;
            }

            var restarted = new CircuitStateData(CircuitState.Closed, current.Epoch + 1, NewWindow(settings), current.EnteredAt);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, restarted, current), current))
            {
                return;
            }
        }
    }

    /// <summary>The single compare-and-swap of every reported transition; the winner reports it.</summary>
    private bool TryTransition(CircuitStateData from, CircuitStateData to, CircuitStateChangeReason reason)
    {
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _state, to, from), from))
        {
            return false;
        }

        _telemetry.StateChanged(from, to, reason);
        return true;
    }
}
