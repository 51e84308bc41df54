namespace Resilience.Monitoring;

/// <summary>Everything a monitoring dashboard shows, taken at one instant by <see cref="CircuitBreakerMonitor.GetDashboard"/>.</summary>
public sealed class DashboardSnapshot
{
    /// <summary>Gets when the snapshot was taken, from the monitor's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the count of breakers per state.</summary>
    public required DashboardSummary Summary { get; init; }

    /// <summary>Gets one row per monitored breaker, ordered by name.</summary>
    public required IReadOnlyList<CircuitBreakerStatus> Breakers { get; init; }

    /// <summary>Gets how many state-change events the monitor dropped because its queue was full.</summary>
    public required long DroppedEvents { get; init; }

    /// <summary>Gets the alerts whose rule holds at <see cref="Timestamp"/>, whether or not they were already sent (ordered by breaker name).</summary>
    /// <value>Empty when no rule holds.</value>
    public IReadOnlyList<CircuitAlert> Alerts { get; init; } = [];
}
