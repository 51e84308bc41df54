namespace Resilience.Monitoring;

/// <summary>How urgent an alert is: each <see cref="CircuitAlertKind"/> has one severity.</summary>
public enum AlertSeverity
{
    /// <summary>Watch closely (a high failure rate while the circuit is still closed).</summary>
    Warning,

    /// <summary>Investigate soon (a flapping circuit).</summary>
    Medium,

    /// <summary>Act now (a circuit open too long).</summary>
    High,
}
