using Microsoft.Extensions.Logging;

namespace Resilience.Retry.Internal;

/// <summary>The retry stage's log lines (source-generated, allocation-free when the level is disabled).</summary>
internal static partial class RetryLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Retry attempt {Attempt}/{MaxAttempts} after {Delay} delay. Error: {Error}")]
    public static partial void RetryAttempt(ILogger logger, int attempt, int maxAttempts, TimeSpan delay, string? error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Retry budget exhausted: attempt {Attempt}/{MaxAttempts} fails without a retry. Error: {Error}")]
    public static partial void BudgetExhausted(ILogger logger, int attempt, int maxAttempts, string? error);
}
