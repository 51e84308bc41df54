using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <content>
/// Instrumentation points, one per outcome kind and per thing the breaker absorbs instead of throwing. Each is
/// implemented in <c>CircuitBreaker.Metrics.cs</c> (metrics on the <c>Resilience</c> meter; for what is absorbed, a
/// rate-limited log line as well), so a hook that exists is never a silent no-op.
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
    /// <param name="kind">How the outcome was classified.</param>
    partial void OnStaleOutcome(OutcomeKind kind);

    /// <summary>A call was rejected without running.</summary>
    /// <param name="state">The state that rejected it.</param>
    partial void OnRejected(CircuitState state);

    /// <summary>A transition happened (raised before the <see cref="StateChanged"/> handlers run).</summary>
    /// <param name="from">The previous state.</param>
    /// <param name="to">The new state.</param>
    /// <param name="reason">Why.</param>
    partial void OnTransition(CircuitState from, CircuitState to, CircuitStateChangeReason reason);

    /// <summary>A <see cref="StateChanged"/> handler threw; the breaker and the other handlers went on.</summary>
    /// <param name="exception">What the handler threw.</param>
    partial void OnStateChangedHandlerFailed(Exception exception);

    /// <summary><see cref="CircuitBreakerOptions.BreakDurationGenerator"/> threw; the default schedule applied.</summary>
    /// <param name="exception">What the generator threw.</param>
    partial void OnBreakDurationGeneratorFailed(Exception exception);
}
