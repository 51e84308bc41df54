using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Hedging.Internal;

/// <summary>The hedging stage's events (nothing is built when the listener is absent or not interested).</summary>
internal static class HedgingLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.Hedging;

    public static void HedgedAttempt(ResilienceTelemetryListener? listener, string hedgingName, int attempt, int maxHedgedAttempts, string trigger)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Information))
        {
            ResilienceEvents.Write(listener, new(Source, hedgingName, ResilienceEventIds.HedgedAttempt, "HedgedAttempt", ResilienceEventSeverity.Information,
                "Hedging '{HedgingName}' starts attempt {Attempt}/{MaxHedgedAttempts} ({Trigger}).",
                [new("HedgingName", hedgingName), new("Attempt", attempt), new("MaxHedgedAttempts", maxHedgedAttempts), new("Trigger", trigger)]));
        }
    }

    public static void BudgetExhausted(ResilienceTelemetryListener? listener, string hedgingName, int attempt)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, hedgingName, ResilienceEventIds.HedgingBudgetExhausted, "HedgingBudgetExhausted", ResilienceEventSeverity.Warning,
                "Hedging '{HedgingName}': the retry budget is spent; attempt {Attempt} is not started.",
                [new("HedgingName", hedgingName), new("Attempt", attempt)]));
        }
    }

    public static void CallbackFailed(ResilienceTelemetryListener? listener, string hedgingName, string callback, string? errorType)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Error))
        {
            ResilienceEvents.Write(listener, new(Source, hedgingName, ResilienceEventIds.HedgingCallbackFailed, "HedgingCallbackFailed", ResilienceEventSeverity.Error,
                "Hedging '{HedgingName}': the {Callback} callback threw {ErrorType}; the call goes on without it.",
                [new("HedgingName", hedgingName), new("Callback", callback), new("ErrorType", errorType)]));
        }
    }
}
