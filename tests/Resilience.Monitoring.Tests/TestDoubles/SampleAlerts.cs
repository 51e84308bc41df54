using Resilience.Monitoring;

namespace Resilience.Monitoring.Tests.TestDoubles;

internal static class SampleAlerts
{
    public static CircuitAlert OpenTooLong(string name) => new()
    {
        Kind = CircuitAlertKind.OpenTooLong,
        Severity = AlertSeverity.High,
        CircuitBreakerName = name,
        Message = $"Circuit breaker {name} has been open for 5 min 1 s.",
        Action = "Check service health and logs.",
        Timestamp = new DateTimeOffset(2026, 11, 27, 12, 5, 1, TimeSpan.Zero),
    };
}
