using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Retry.Internal;

/// <summary>The retry stage's events (nothing is built when the listener is absent or not interested).</summary>
internal static class RetryLog
{
    private const ResilienceEventSource Source = ResilienceEventSource.Retry;

    public static void RetryAttempt(ResilienceTelemetryListener? listener, string retryName, int attempt, int maxAttempts, TimeSpan delay, in OutcomeArguments failed)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, retryName, ResilienceEventIds.RetryAttempt, "RetryAttempt", ResilienceEventSeverity.Warning,
                "Retry attempt {Attempt}/{MaxAttempts} after {Delay} delay. Error: {Error}",
                [new("Attempt", attempt), new("MaxAttempts", maxAttempts), new("Delay", delay), new("Error", Describe(failed))]));
        }
    }

    public static void BudgetExhausted(ResilienceTelemetryListener? listener, string retryName, int attempt, int maxAttempts, in OutcomeArguments failed)
    {
        if (ResilienceEvents.IsEnabled(listener, Source, ResilienceEventSeverity.Warning))
        {
            ResilienceEvents.Write(listener, new(Source, retryName, ResilienceEventIds.RetryBudgetExhausted, "BudgetExhausted", ResilienceEventSeverity.Warning,
                "Retry budget exhausted: attempt {Attempt}/{MaxAttempts} fails without a retry. Error: {Error}",
                [new("Attempt", attempt), new("MaxAttempts", maxAttempts), new("Error", Describe(failed))]));
        }
    }

    /// <summary>The failure's description in a log line: an exception's type, an HTTP status, a result's type, never a message.</summary>
    /// <remarks>Never an exception message or a result's ToString: they can carry URLs with query strings, headers or tokens.</remarks>
    private static string? Describe(in OutcomeArguments arguments) => arguments switch
    {
        { Exception: { } exception } => exception.GetType().FullName,
        { Result: HttpResponseMessage response } => $"HTTP {(int)response.StatusCode}",
        { Result: { } result } => result.GetType().Name,
        _ => null,
    };
}
