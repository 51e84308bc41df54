using Microsoft.Extensions.Logging;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring;

/// <summary>Writes each alert as a Warning log entry with event id 4001 (<c>AlertRaised</c>).</summary>
public sealed class LoggerAlertSink : IAlertSink
{
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LoggerAlertSink"/> class.</summary>
    /// <param name="logger">The logger to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> is <see langword="null"/>.</exception>
    public LoggerAlertSink(ILogger<LoggerAlertSink> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        MonitorLog.AlertRaised(_logger, alert.Severity.ToString(), alert.Kind.ToString(), alert.CircuitBreakerName, alert.Message, alert.Action);
        return ValueTask.CompletedTask;
    }
}
