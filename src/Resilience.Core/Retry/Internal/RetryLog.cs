using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.Retry.Internal;

/// <summary>The retry stage's log lines (source-generated, allocation-free when the level is disabled).</summary>
internal static partial class RetryLog
{
    [LoggerMessage(EventId = ResilienceEventIds.RetryAttempt, Level = LogLevel.Warning, Message = "Retry attempt {Attempt}/{MaxAttempts} after {Delay} delay. Error: {Error}")]
    public static partial void RetryAttempt(ILogger logger, int attempt, int maxAttempts, TimeSpan delay, string? error);

    [LoggerMessage(EventId = ResilienceEventIds.RetryBudgetExhausted, Level = LogLevel.Warning, Message = "Retry budget exhausted: attempt {Attempt}/{MaxAttempts} fails without a retry. Error: {Error}")]
    public static partial void BudgetExhausted(ILogger logger, int attempt, int maxAttempts, string? error);
}
