using Microsoft.Extensions.Hosting;
using Resilience.Monitoring;

namespace Resilience.HealthChecks;

/// <summary>Runs <see cref="CircuitBreakerMonitor.RunAsync"/> for the life of the host: transitions are applied and alerts evaluated in the background.</summary>
public sealed class CircuitBreakerMonitorService : BackgroundService
{
    private readonly CircuitBreakerMonitor _monitor;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerMonitorService"/> class.</summary>
    /// <param name="monitor">The monitor to run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="monitor"/> is <see langword="null"/>.</exception>
    public CircuitBreakerMonitorService(CircuitBreakerMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _monitor.RunAsync(stoppingToken);
}
