using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// What a breaker absorbs instead of throwing (a callback's exception, a slow call counted as a failure, a stale
/// outcome): each is counted in a metric every time and logged rate-limited, the first time and then each time the
/// count reaches a power of two (the monitor's drop idiom), so a storm cannot flood the log and nothing goes unseen.
/// </summary>
/// <remarks>Thread-safe. Not on the success path: nothing here runs for a closed-state success in time.</remarks>
internal sealed class CircuitBreakerDiagnostics(string name, ResilienceTelemetryListener? logger)
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
                Log.StateChangedHandlerFailed(logger, name, errorType, count);
            }
        }
        else if (ShouldLog(ref _generatorFailures, out var count))
        {
            Log.BreakDurationGeneratorFailed(logger, name, errorType, count);
        }
    }

    public void SlowCall()
    {
        CircuitBreakerMetrics.RecordSlowCall(name);
        if (ShouldLog(ref _slowCalls, out var count))
        {
            Log.SlowCall(logger, name, count);
        }
    }

    public void StaleOutcome(OutcomeKind kind)
    {
        CircuitBreakerMetrics.RecordStaleOutcome(name, ToCallOutcome(kind));
        if (ShouldLog(ref _staleOutcomes, out var count))
        {
            Log.StaleOutcome(logger, name, count);
        }
    }

    /// <summary>Logs one transition with the message of its new state (1001 to 1004).</summary>
    public static void LogStateChanged(ResilienceTelemetryListener? logger, CircuitStateChangedEventArgs e)
    {
        if (logger is null)
        {
            return;
        }

        var reason = e.Reason.ToString();
        switch (e.NewState)
        {
            case CircuitState.Open:
                Log.CircuitOpened(logger, e.BreakerName, reason, e.BreakDuration ?? TimeSpan.Zero);
                break;
            case CircuitState.HalfOpen:
                Log.CircuitHalfOpened(logger, e.BreakerName);
                break;
            case CircuitState.Closed:
                Log.CircuitClosed(logger, e.BreakerName, reason);
                break;
            default:
                Log.CircuitIsolated(logger, e.BreakerName);
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
