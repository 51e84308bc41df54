namespace Resilience.Monitoring;

/// <summary>A destination for alerts (a log, a webhook, a pager). Implementations must be thread-safe.</summary>
/// <remarks>The monitor calls sinks one after another from its background consumer, never from a caller's operation.
/// A sink that throws is logged and does not stop the other sinks.</remarks>
public interface IAlertSink
{
    /// <summary>Delivers one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancelled when the monitor stops.</param>
    /// <returns>A task that completes when the alert was delivered.</returns>
    ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken);
}
