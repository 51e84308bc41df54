using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;
using Resilience.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// A lock-free circuit breaker: it counts the outcomes of the calls it admits and, when the service looks
/// unhealthy, rejects calls at once for a break, then lets a few probes test the service before closing again.
/// </summary>
/// <remarks>
/// <para>Thread-safe. The state and everything that belongs to it live in one immutable epoch object; every
/// transition is one compare-and-swap that exactly one thread wins, and that thread raises
/// <see cref="StateChanged"/>. Open becomes half-open lazily, on the first call after the break, by the
/// injected <see cref="System.TimeProvider"/>; the breaker runs no timers.</para>
/// <para>A closed-state success reads the state, bumps one processor-local counter and allocates nothing.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The probe SemaphoreSlim is only used with Wait(0)/Release and never creates a wait handle, so there is nothing to dispose.")]
public sealed partial class CircuitBreaker : IRejectionSource
{
    private readonly TimeProvider _timeProvider;
    private readonly StateRejectionSource _halfOpenRejection;
    private readonly StateRejectionSource _isolatedRejection;
    private readonly Lock _updateLock = new();
    private readonly CircuitBreakerDiagnostics _diagnostics;
    private CircuitBreakerSettings _settings;
    private CircuitStateData _state;
    private SemaphoreSlim _probeGate;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreaker"/> class.</summary>
    /// <param name="name">The breaker's name, used in exceptions, events and telemetry.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults. The breaker keeps a copy.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="options"/> are invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public CircuitBreaker(string name, CircuitBreakerOptions? options = null, TimeProvider? timeProvider = null)
        : this(name, options, timeProvider, logger: null)
    {
    }

    /// <summary>Initializes a breaker that reports to <paramref name="logger"/> (the registry's listener) unless its options name a listener.</summary>
    internal CircuitBreaker(string name, CircuitBreakerOptions? options, TimeProvider? timeProvider, ResilienceTelemetryListener? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new CircuitBreakerOptions();
        options.ThrowIfInvalid(nameof(options));

        Name = name;
        _diagnostics = new CircuitBreakerDiagnostics(
            name,
            options.TelemetryListener ?? logger);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _settings = new CircuitBreakerSettings(options, _timeProvider);
        _probeGate = new SemaphoreSlim(_settings.HalfOpenMaxCalls, _settings.HalfOpenMaxCalls);
        _halfOpenRejection = new StateRejectionSource(name, CircuitState.HalfOpen);
        _isolatedRejection = new StateRejectionSource(name, CircuitState.Isolated);
        _state = new CircuitStateData(CircuitState.Closed, 0, NewWindow(_settings), _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Raised once per transition, after it happened, on the thread of the call (or the
    /// <see cref="Isolate"/>/<see cref="Reset"/>) that caused it. Never raised under a lock.
    /// </summary>
    /// <remarks>
    /// <para>A handler that throws does not stop the breaker or the other handlers; the exception is logged
    /// (rate-limited) and counted in <c>resilience.circuit_breaker.callback.errors</c>. Handlers for two
    /// transitions close together can run at the same time on different threads and finish out of order; order
    /// them by <see cref="CircuitStateChangedEventArgs.Epoch"/>. Keep handlers short (hand work to a queue).</para>
    /// </remarks>
    public event EventHandler<CircuitStateChangedEventArgs>? StateChanged;

    /// <summary>Gets the breaker's name.</summary>
    public string Name { get; }

    /// <summary>Gets the current state.</summary>
    /// <remarks>Open becomes half-open only when a call arrives after the break, so this can read
    /// <see cref="CircuitState.Open"/> after the break has ended.</remarks>
    public CircuitState State => Volatile.Read(ref _state).State;

    internal CircuitBreakerSettings Settings => Volatile.Read(ref _settings);

    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>Asks to run one call; on success the caller must record its outcome on the permit.</summary>
    /// <param name="permit">The permit, when the call is admitted.</param>
    /// <param name="retryAfter">When rejected: the time until a probe will be admitted, or <see langword="null"/> when unknown (isolated, or half-open with every probe slot taken).</param>
    /// <returns><see langword="true"/> when the call may run.</returns>
    public bool TryAcquirePermit(out CircuitBreakerPermit permit, out TimeSpan? retryAfter)
    {
        if (TryAcquireCore(out permit, out var rejection))
        {
            retryAfter = null;
            return true;
        }

        retryAfter = rejection.RetryAfter == System.Threading.Timeout.InfiniteTimeSpan ? null : rejection.RetryAfter;
        return false;
    }

    /// <summary>Asks to run one call and throws when it is rejected; the caller must record its outcome on the permit.</summary>
    /// <returns>The permit.</returns>
    /// <exception cref="CircuitOpenException">The circuit rejects the call.</exception>
    public CircuitBreakerPermit AcquirePermit()
    {
        if (!TryAcquireCore(out var permit, out var rejection))
        {
            throw rejection.CreateException();
        }

        return permit;
    }

    /// <inheritdoc/>
    ExecutionRejectedException IRejectionSource.CreateRejectedException(TimeSpan retryAfter) =>
        new CircuitOpenException(Name, CircuitState.Open, retryAfter);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAcquireCore(out CircuitBreakerPermit permit, out CircuitRejection rejection)
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
    internal void Complete(in CircuitBreakerPermit permit, OutcomeKind kind, string? errorType = null)
    {
        var settings = Volatile.Read(ref _settings);
        long now = 0;
        if (kind == OutcomeKind.Success && settings.SlowCallTicks != 0 && permit.StartTimestamp != 0)
        {
            now = _timeProvider.GetTimestamp();
            if (now - permit.StartTimestamp >= settings.SlowCallTicks)
            {
                kind = OutcomeKind.Failure;
                errorType = ErrorTypes.SlowCall;
                OnSlowCall();
            }
        }

        if (permit.StartTimestamp != 0)
        {
            OnCallCompleted(kind, errorType ?? ErrorTypes.Other, permit.StartTimestamp);
        }

        var epoch = permit.EpochData;
        if (permit.Probe is { } probe)
        {
            CompleteProbe(epoch, probe, kind, errorType ?? ErrorTypes.Other, settings);
            return;
        }

        if (!ReferenceEquals(Volatile.Read(ref _state), epoch))
        {
            OnStaleOutcome(kind);
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
                    epoch.Window.RecordSuccess(now != 0 ? now : _timeProvider.GetTimestamp());
                }
                else
                {
                    // Perf: successes only feed statistics here, so they skip the clock.
                    epoch.Window.RecordUntimedSuccess();
                }

                OnSuccessRecorded();
                break;
            case OutcomeKind.Failure:
                OnClosedFailure(epoch, settings, now != 0 ? now : _timeProvider.GetTimestamp(), errorType ?? ErrorTypes.Other);
                break;
            default:
                OnIgnoredRecorded();
                break;
        }
    }

    /// <summary>Rejects a call while the circuit is open: <paramref name="retryAfter"/> is the time left of the break.</summary>
    private bool RejectWhileOpen(TimeSpan retryAfter, out CircuitBreakerPermit permit, out CircuitRejection rejection)
    {
        permit = default;
        rejection = new CircuitRejection(this, retryAfter);
        OnRejected(CircuitState.Open);
        return false;
    }

    private static HealthWindow NewWindow(CircuitBreakerSettings settings, TimeProvider timeProvider) =>
        new(settings.SamplingDuration, timeProvider);

    private HealthWindow NewWindow(CircuitBreakerSettings settings) => NewWindow(settings, _timeProvider);

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

                    // TryAcquireCore rejected at once while the coarse clock said the break surely goes on (a third of
                    // a rejection's cost saved). Near the end, the precise clock decides: a probe is never early, and at
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
                        OnRejected(CircuitState.HalfOpen);
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
                    OnRejected(CircuitState.Isolated);
                    return false;
            }

            epoch = Volatile.Read(ref _state);
        }
    }
}
