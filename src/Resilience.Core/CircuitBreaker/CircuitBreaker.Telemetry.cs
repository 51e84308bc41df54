namespace Resilience.CircuitBreaker;

/// <content>
/// Instrumentation points, one per outcome kind. They are partial methods: until an implementation is
/// added (metrics and logging, issue 4) the compiler removes the calls, so they cost nothing.
/// </content>
public sealed partial class CircuitBreaker
{
    /// <summary>A success was counted (closed call or probe).</summary>
    partial void OnSuccessRecorded();

    /// <summary>A failure was counted (closed call or probe).</summary>
    /// <param name="errorType">What failed, as the <c>error.type</c> of telemetry (an exception's type name, a status code).</param>
    partial void OnFailureRecorded(string errorType);

    /// <summary>An outcome was not counted: caller cancellation, excluded exception, inner rejection, or <see cref="CircuitBreakerPermit.RecordIgnored"/>.</summary>
    partial void OnIgnoredRecorded();

    /// <summary>A success took longer than <see cref="CircuitBreakerOptions.SlowCallDuration"/> and counts as a failure.</summary>
    partial void OnSlowCall();

    /// <summary>An outcome arrived for an epoch that is no longer current and changed nothing.</summary>
    partial void OnStaleOutcome();

    /// <summary>A call was rejected without running.</summary>
    /// <param name="state">The state that rejected it.</param>
    partial void OnRejected(CircuitState state);

    /// <summary>A transition happened (raised before the <see cref="StateChanged"/> handlers run).</summary>
    /// <param name="from">The previous state.</param>
    /// <param name="to">The new state.</param>
    /// <param name="reason">Why.</param>
    partial void OnTransition(CircuitState from, CircuitState to, CircuitStateChangeReason reason);

    /// <summary>A <see cref="StateChanged"/> handler threw; the exception was swallowed.</summary>
    partial void OnStateChangedHandlerFailed();

    /// <summary><see cref="CircuitBreakerOptions.BreakDurationGenerator"/> threw; the default schedule applied.</summary>
    partial void OnBreakDurationGeneratorFailed();
}
