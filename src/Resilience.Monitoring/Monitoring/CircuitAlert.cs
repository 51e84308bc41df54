namespace Resilience.Monitoring;

/// <summary>An alert raised by the <see cref="CircuitBreakerMonitor"/> and delivered to every <see cref="IAlertSink"/>.</summary>
public sealed class CircuitAlert
{
    /// <summary>Gets the rule that fired.</summary>
    public required CircuitAlertKind Kind { get; init; }

    /// <summary>Gets how urgent the alert is.</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>Gets the name of the breaker the alert is about.</summary>
    public required string CircuitBreakerName { get; init; }

    /// <summary>Gets a human-readable description.</summary>
    public required string Message { get; init; }

    /// <summary>Gets what the on-call engineer should do.</summary>
    public required string Action { get; init; }

    /// <summary>Gets when the alert was raised, from the monitor's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
