using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking;

/// <content>
/// The implementation of the instrumentation points: metrics on the <c>Resilience</c> meter and activity events.
/// Each instrument is checked with <see cref="System.Diagnostics.Metrics.Instrument.Enabled"/> first, so without a
/// listener a success costs one extra field read and allocates nothing, and reads no clock.
/// </content>
public sealed partial class CircuitBreaker
{
    partial void OnSuccessRecorded() => ResilienceMetrics.RecordCall(Name, CallOutcomeKind.Success, null, _timeProvider, 0);

    partial void OnFailureRecorded(string errorType) => ResilienceMetrics.RecordCall(Name, CallOutcomeKind.Failure, errorType, _timeProvider, 0);

    partial void OnIgnoredRecorded() => ResilienceMetrics.RecordCall(Name, CallOutcomeKind.Ignored, null, _timeProvider, 0);

    partial void OnRejected(CircuitState state)
    {
        ResilienceMetrics.RecordCall(Name, CallOutcomeKind.Rejected, null, _timeProvider, 0);
        ResilienceActivities.Rejected(Name, TelemetryTagValues.ToTagValue(state));
    }

    partial void OnTransition(CircuitState from, CircuitState to, CircuitStateChangeReason reason) =>
        ResilienceMetrics.RecordTransition(Name, from, to);

    partial void OnSlowCall() => _diagnostics.SlowCall();

    partial void OnStaleOutcome(OutcomeKind kind) => _diagnostics.StaleOutcome(kind);

    partial void OnStateChangedHandlerFailed(Exception exception) => _diagnostics.CallbackFailed(CircuitBreakerCallback.StateChanged, exception);

    partial void OnBreakDurationGeneratorFailed(Exception exception) => _diagnostics.CallbackFailed(CircuitBreakerCallback.BreakDurationGenerator, exception);

    /// <summary>The start timestamp of a permit: read only when slow calls are detected or the duration histogram has a listener.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long StartTimestamp() =>
        Volatile.Read(ref _settings).SlowCallTicks == 0 && !ResilienceMetrics.CircuitCallDuration.Enabled ? 0 : _timeProvider.GetTimestamp();

    /// <summary>Records the call's duration (the permit had a start timestamp), tagged with the outcome it was counted as.</summary>
    private void OnCallCompleted(OutcomeKind kind, string errorType, long startTimestamp) =>
        ResilienceMetrics.RecordCallDuration(Name, kind switch
        {
            OutcomeKind.Success => CallOutcomeKind.Success,
            OutcomeKind.Failure => CallOutcomeKind.Failure,
            _ => CallOutcomeKind.Ignored,
        }, errorType, _timeProvider, startTimestamp);
}
