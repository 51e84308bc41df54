using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Hedging.Internal;

/// <summary>The hedging stage's log lines (source-generated, allocation-free when the level is disabled).</summary>
internal static partial class HedgingLog
{
    [LoggerMessage(EventId = ResilienceEventIds.HedgedAttempt, EventName = "HedgedAttempt", Level = LogLevel.Information,
        Message = "Hedging '{HedgingName}' starts attempt {Attempt}/{MaxHedgedAttempts} ({Trigger}).")]
    public static partial void HedgedAttempt(ILogger logger, string hedgingName, int attempt, int maxHedgedAttempts, string trigger);

    [LoggerMessage(EventId = ResilienceEventIds.HedgingBudgetExhausted, EventName = "HedgingBudgetExhausted", Level = LogLevel.Warning,
        Message = "Hedging '{HedgingName}': the retry budget is spent; attempt {Attempt} is not started.")]
    public static partial void BudgetExhausted(ILogger logger, string hedgingName, int attempt);

    [LoggerMessage(EventId = ResilienceEventIds.HedgingCallbackFailed, EventName = "HedgingCallbackFailed", Level = LogLevel.Error,
        Message = "Hedging '{HedgingName}': the {Callback} callback threw {ErrorType}; the call goes on without it.")]
    public static partial void CallbackFailed(ILogger logger, string hedgingName, string callback, string? errorType);
}
