using Resilience.Telemetry;

namespace Resilience.Hedging.Internal;

/// <summary>The hedging stage's events (nothing is built when the listener is absent or not interested).</summary>
internal static class HedgingLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.Hedging;

    public static void HedgedAttempt(ResilienceTelemetryListener? listener, string hedgingName, int attempt, int maxHedgedAttempts, string trigger)
    {
        if (ResilienceTelemetryListener.CanRaise(listener, Source, ResilienceEventSeverity.Information))
        {
            ResilienceTelemetryListener.Raise(listener, new(Source, hedgingName, HedgingConstants.HedgedAttemptEventId, "HedgedAttempt", ResilienceEventSeverity.Information,
                "Hedging '{HedgingName}' starts attempt {Attempt}/{MaxHedgedAttempts} ({Trigger}).",
                [new("HedgingName", hedgingName), new("Attempt", attempt), new("MaxHedgedAttempts", maxHedgedAttempts), new("Trigger", trigger)]));
        }
    }

    public static void BudgetExhausted(ResilienceTelemetryListener? listener, string hedgingName, int attempt)
    {
        if (ResilienceTelemetryListener.CanRaise(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceTelemetryListener.Raise(listener, new(Source, hedgingName, HedgingConstants.BudgetExhaustedEventId, "HedgingBudgetExhausted", ResilienceEventSeverity.Warning,
                "Hedging '{HedgingName}': the retry budget is spent; attempt {Attempt} is not started.",
                [new("HedgingName", hedgingName), new("Attempt", attempt)]));
        }
    }

    public static void CallbackFailed(ResilienceTelemetryListener? listener, string hedgingName, string callback, string? errorType)
    {
        if (ResilienceTelemetryListener.CanRaise(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceTelemetryListener.Raise(listener, new(Source, hedgingName, HedgingConstants.CallbackFailedEventId, "HedgingCallbackFailed", ResilienceEventSeverity.Error,
                "Hedging '{HedgingName}': the {Callback} callback threw {ErrorType}; the call goes on without it.",
                [new("HedgingName", hedgingName), new("Callback", callback), new("ErrorType", errorType)]));
        }
    }
}
