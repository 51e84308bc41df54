using System.Globalization;
using Resilience.CircuitBreaking;

namespace Resilience.Monitoring.Internal;

/// <summary>The three alert rules (open too long, flapping, high failure rate while closed) as a pure function of a breaker's status and the time. Durations are written for people (<see cref="HumanDuration"/>).</summary>
internal static class AlertRules
{
    public static void Evaluate(CircuitBreakerStatus status, DateTimeOffset now, CircuitMonitorOptions options, List<CircuitAlert> alerts)
    {
        if (status.State == CircuitState.Open && status.LastStateChange is { } openedAt && now - openedAt > options.OpenTooLongThreshold)
        {
            alerts.Add(Create(status.Name, CircuitAlertKind.OpenTooLong, AlertSeverity.High, now,
                string.Create(CultureInfo.InvariantCulture, $"Circuit breaker {status.Name} has been open for {HumanDuration.Format(now - openedAt)}; {Probes(status, now)}."),
                "Check service health and logs."));
        }

        var windowStart = now - options.FlappingWindow;
        var changesInWindow = 0;
        foreach (var change in status.RecentChanges)
        {
            if (change.Timestamp > windowStart)
            {
                changesInWindow++;
            }
        }

        if (changesInWindow > options.FlappingChangeThreshold)
        {
            alerts.Add(Create(status.Name, CircuitAlertKind.Flapping, AlertSeverity.Medium, now,
                string.Create(CultureInfo.InvariantCulture, $"Circuit breaker {status.Name} is flapping: {changesInWindow} state changes within {HumanDuration.Format(options.FlappingWindow)}."),
                "The service may be failing intermittently."));
        }

        if (status.State == CircuitState.Closed && status.SuccessRate < options.HighFailureRateSuccessThreshold)
        {
            alerts.Add(Create(status.Name, CircuitAlertKind.HighFailureRate, AlertSeverity.Warning, now,
                string.Create(CultureInfo.InvariantCulture, $"High failure rate ({100 - status.SuccessRate:F1}%) on {status.Name} but the circuit is still closed."),
                "Monitor closely; the circuit may open soon."));
        }
    }

    /// <summary>When the open circuit lets probe calls through: in how long and at what time, or that its break is over.</summary>
    private static string Probes(CircuitBreakerStatus status, DateTimeOffset now) => status.BreakEndsAt switch
    {
        { } end when end > now => string.Create(
            CultureInfo.InvariantCulture, $"it admits probe calls in {HumanDuration.Format(end - now)} (at {end.UtcDateTime:HH:mm:ss} UTC)"),
        { } => "its break is over: the next call is a probe",
        null => "it stays open until it is reset",
    };

    private static CircuitAlert Create(string name, CircuitAlertKind kind, AlertSeverity severity, DateTimeOffset now, string message, string action) => new()
    {
        Kind = kind,
        Severity = severity,
        CircuitBreakerName = name,
        Message = message,
        Action = action,
        Timestamp = now,
    };
}
