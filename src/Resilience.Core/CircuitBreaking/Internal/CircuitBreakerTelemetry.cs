using System.Runtime.CompilerServices;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// Everything one breaker reports: its metrics on the <c>Resilience</c> meter, the activity event of a rejection, the
/// rate-limited logs of what it absorbs (through <see cref="CircuitBreakerDiagnostics"/>) and its
/// <see cref="CircuitBreaker.StateChanged"/> handlers. The state machine calls exactly one method here per thing that
/// happens, and every method records something, so nothing the breaker does goes unseen.
/// </summary>
/// <remarks>
/// <para>Each instrument is checked with <see cref="System.Diagnostics.Metrics.Instrument.Enabled"/> first, so without
/// a listener a success costs one field read, allocates nothing and reads no clock. The call-path methods are
/// non-virtual and inlined.</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class CircuitBreakerTelemetry
{
    private readonly string _name;
    private readonly TimeProvider _timeProvider;
    private readonly CircuitBreakerDiagnostics _diagnostics;
    private readonly object _sender;
    private EventHandler<CircuitStateChangedEventArgs>? _stateChanged;

    /// <param name="name">The breaker's name (the <c>circuit_breaker.name</c> tag).</param>
    /// <param name="timeProvider">The breaker's clock, for durations.</param>
    /// <param name="diagnostics">Where absorbed errors, slow calls and stale outcomes are counted and logged.</param>
    /// <param name="sender">The sender of <see cref="CircuitBreaker.StateChanged"/> (the public breaker).</param>
    public CircuitBreakerTelemetry(string name, TimeProvider timeProvider, CircuitBreakerDiagnostics diagnostics, object sender)
    {
        _name = name;
        _timeProvider = timeProvider;
        _diagnostics = diagnostics;
        _sender = sender;
    }

    /// <summary>Gets a value indicating whether somebody listens to the call-duration histogram (then permits read a start timestamp).</summary>
    public static bool CallDurationEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => CircuitBreakerMetrics.CallDuration.Enabled;
    }

    /// <summary>Adds a <see cref="CircuitBreaker.StateChanged"/> handler (thread-safe, like a field-like event).</summary>
    public void AddStateChangedHandler(EventHandler<CircuitStateChangedEventArgs>? handler)
    {
        EventHandler<CircuitStateChangedEventArgs>? current, next;
        do
        {
            current = Volatile.Read(ref _stateChanged);
            next = (EventHandler<CircuitStateChangedEventArgs>?)Delegate.Combine(current, handler);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _stateChanged, next, current), current));
    }

    /// <summary>Removes a <see cref="CircuitBreaker.StateChanged"/> handler.</summary>
    public void RemoveStateChangedHandler(EventHandler<CircuitStateChangedEventArgs>? handler)
    {
        EventHandler<CircuitStateChangedEventArgs>? current, next;
        do
        {
            current = Volatile.Read(ref _stateChanged);
            next = (EventHandler<CircuitStateChangedEventArgs>?)Delegate.Remove(current, handler);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _stateChanged, next, current), current));
    }

    /// <summary>A success was counted (closed call or probe).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SuccessRecorded() => CircuitBreakerMetrics.RecordCall(_name, CallOutcomeKind.Success, null, _timeProvider, 0);

    /// <summary>A failure was counted (closed call or probe).</summary>
    /// <param name="errorType">What failed, as the <c>error.type</c> of telemetry.</param>
    public void FailureRecorded(string errorType) => CircuitBreakerMetrics.RecordCall(_name, CallOutcomeKind.Failure, errorType, _timeProvider, 0);

    /// <summary>An outcome was not counted: caller cancellation, excluded exception, inner rejection, or <see cref="CircuitBreakerPermit.RecordIgnored"/>.</summary>
    public void IgnoredRecorded() => CircuitBreakerMetrics.RecordCall(_name, CallOutcomeKind.Ignored, null, _timeProvider, 0);

    /// <summary>A call was rejected without running.</summary>
    /// <param name="state">The state that rejected it.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rejected(CircuitState state)
    {
        CircuitBreakerMetrics.RecordCall(_name, CallOutcomeKind.Rejected, null, _timeProvider, 0);
        ResilienceActivities.Rejected(_name, CircuitBreakerMetrics.ToTagValue(state));
    }

    /// <summary>Records the duration of a call whose permit had a start timestamp, tagged with the outcome it was counted as.</summary>
    public void CallCompleted(OutcomeKind kind, string errorType, long startTimestamp) =>
        CircuitBreakerMetrics.RecordCallDuration(_name, kind switch
        {
            OutcomeKind.Success => CallOutcomeKind.Success,
            OutcomeKind.Failure => CallOutcomeKind.Failure,
            _ => CallOutcomeKind.Ignored,
        }, errorType, _timeProvider, startTimestamp);

    /// <summary>A success took longer than <see cref="CircuitBreakerOptions.SlowCallDuration"/> and counts as a failure.</summary>
    public void SlowCall() => _diagnostics.SlowCall();

    /// <summary>An outcome arrived for an epoch that is no longer current and changed nothing.</summary>
    public void StaleOutcome(OutcomeKind kind) => _diagnostics.StaleOutcome(kind);

    /// <summary><see cref="CircuitBreakerOptions.BreakDurationGenerator"/> threw; the default schedule applied.</summary>
    public void BreakDurationGeneratorFailed(Exception exception) => _diagnostics.CallbackFailed(CircuitBreakerCallback.BreakDurationGenerator, exception);

    /// <summary>
    /// A transition won its compare-and-swap: counts it, writes it to the breaker's telemetry listener and raises <see cref="CircuitBreaker.StateChanged"/>. A handler
    /// that throws is counted and logged, and the other handlers still run. An epoch change within one state (a reset
    /// of a closed circuit) is not a transition and reports nothing.
    /// </summary>
    public void StateChanged(CircuitStateData from, CircuitStateData to, CircuitStateChangeReason reason)
    {
        if (from.State == to.State)
        {
            return;
        }

        CircuitBreakerMetrics.RecordTransition(_name, from.State, to.State);
        _diagnostics.StateChanged(to.State, reason, to.State == CircuitState.Open ? to.BreakDuration : null);
        var handlers = Volatile.Read(ref _stateChanged);
        if (handlers is null)
        {
            return;
        }

        var args = new CircuitStateChangedEventArgs(
            _name,
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
                handler(_sender, args);
            }
#pragma warning disable CA1031 // A subscriber's bug must not break the breaker or starve the other subscribers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _diagnostics.CallbackFailed(CircuitBreakerCallback.StateChanged, ex);
            }
        }
    }
}
