namespace Resilience.Monitoring;

/// <summary>The alert rules of the <see cref="CircuitBreakerMonitor"/>.</summary>
public enum CircuitAlertKind
{
    /// <summary>The circuit has been open longer than <see cref="CircuitMonitorOptions.OpenTooLongThreshold"/> (high).</summary>
    OpenTooLong,

    /// <summary>The circuit changed state more than <see cref="CircuitMonitorOptions.FlappingChangeThreshold"/> times within <see cref="CircuitMonitorOptions.FlappingWindow"/> (medium).</summary>
    Flapping,

    /// <summary>The success rate fell below <see cref="CircuitMonitorOptions.HighFailureRateSuccessThreshold"/> while the circuit is closed (warning).</summary>
    HighFailureRate,
}
