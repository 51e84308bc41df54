using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The breaker's events: its transitions (each one, 1001 to 1004) and what it absorbs instead of throwing (a callback's exception, a slow call counted as a failure, a stale
/// outcome): each is counted in a metric every time and logged rate-limited, the first time and then each time the
/// count reaches a power of two (the monitor's drop idiom), so a storm cannot flood the log and nothing goes unseen.
/// </summary>
/// <remarks>Thread-safe. Not on the success path: nothing here runs for a closed-state success in time.</remarks>
internal sealed class CircuitBreakerDiagnostics(string name, ResilienceTelemetryListener? listener)
{
    private long _handlerFailures;
    private long _generatorFailures;
    private long _slowCalls;
    private long _staleOutcomes;

    public void CallbackFailed(CircuitBreakerCallback callback, Exception exception)
    {
        var errorType = exception.GetType().FullName ?? exception.GetType().Name;
        CircuitBreakerMetrics.RecordCallbackError(
            name,
            callback == CircuitBreakerCallback.StateChanged ? CircuitBreakerConstants.StateChangedCallbackTagValue : CircuitBreakerConstants.BreakDurationGeneratorCallbackTagValue,
            errorType);
        if (callback == CircuitBreakerCallback.StateChanged)
        {
            if (ShouldLog(ref _handlerFailures, out var count))
            {
                Log.StateChangedHandlerFailed(listener, name, errorType, count);
            }
        }
        else if (ShouldLog(ref _generatorFailures, out var count))
        {
            Log.BreakDurationGeneratorFailed(listener, name, errorType, count);
        }
    }

    public void SlowCall()
    {
        CircuitBreakerMetrics.RecordSlowCall(name);
        if (ShouldLog(ref _slowCalls, out var count))
        {
            Log.SlowCall(listener, name, count);
        }
    }

    public void StaleOutcome(OutcomeKind kind)
    {
        CircuitBreakerMetrics.RecordStaleOutcome(name, ToCallOutcome(kind));
        if (ShouldLog(ref _staleOutcomes, out var count))
        {
            Log.StaleOutcome(listener, name, count);
        }
    }

    /// <summary>Writes one transition with the message of its new state (1001 to 1004); nothing is built without a listener.</summary>
    public void StateChanged(CircuitState to, CircuitStateChangeReason reason, TimeSpan? breakDuration) =>
        LogStateChanged(listener, name, to, reason, breakDuration);

    /// <summary>Writes one transition of a breaker to <paramref name="listener"/> (for breakers an adapter owns and reports for).</summary>
    public static void LogStateChanged(ResilienceTelemetryListener? listener, CircuitStateChangedEventArgs e) =>
        LogStateChanged(listener, e.BreakerName, e.NewState, e.Reason, e.BreakDuration);

    private static void LogStateChanged(ResilienceTelemetryListener? listener, string name, CircuitState to, CircuitStateChangeReason reason, TimeSpan? breakDuration)
    {
        if (listener is null)
        {
            return;
        }

        switch (to)
        {
            case CircuitState.Open:
                Log.CircuitOpened(listener, name, reason.ToString(), breakDuration ?? TimeSpan.Zero);
                break;
            case CircuitState.HalfOpen:
                Log.CircuitHalfOpened(listener, name);
                break;
            case CircuitState.Closed:
                Log.CircuitClosed(listener, name, reason.ToString());
                break;
            default:
                Log.CircuitIsolated(listener, name);
                break;
        }
    }

    private static CallOutcomeKind ToCallOutcome(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Success => CallOutcomeKind.Success,
        OutcomeKind.Failure => CallOutcomeKind.Failure,
        _ => CallOutcomeKind.Ignored,
    };

    private static bool ShouldLog(ref long counter, out long count)
    {
        count = Interlocked.Increment(ref counter);
        return (count & (count - 1)) == 0;
    }
}
