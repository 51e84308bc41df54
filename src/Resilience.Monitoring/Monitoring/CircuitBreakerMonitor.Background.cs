using Resilience.CircuitBreaking;
using Resilience.Monitoring.Internal;
using Resilience.Telemetry.Internal;

namespace Resilience.Monitoring;

/// <content>The background consumer and alert delivery.</content>
public sealed partial class CircuitBreakerMonitor
{
    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (DrainPending() > 0)
            {
                await EvaluateSafelyAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EvaluatePeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.EvaluationInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await EvaluateSafelyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EvaluateSafelyAsync(CancellationToken cancellationToken)
    {
#pragma warning disable CA1031 // The background loop must survive any failure; it logs the type and goes on.
        try
        {
            await EvaluateAlertsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MonitorLog.MonitorFailed(_logger, ex.GetType().FullName ?? ex.GetType().Name);
        }
#pragma warning restore CA1031
    }

    private async ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
#pragma warning disable CA1031 // One failing sink must not stop the others; the failure is logged without its message (it may hold a URL).
            try
            {
                await sink.SendAsync(alert, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                MonitorLog.AlertSinkFailed(_logger, sink.GetType().Name, alert.Kind.ToString(), alert.CircuitBreakerName, ex.GetType().FullName ?? ex.GetType().Name);
            }
#pragma warning restore CA1031
        }
    }

    /// <summary>One monitored breaker: its source, ring and subscription.</summary>
    private sealed class MonitoredEntry(IMonitoredCircuit circuit, int capacity)
    {
        public IMonitoredCircuit Circuit { get; } = circuit;

        public StateChangeRing Ring { get; } = new(capacity);

        public IDisposable Subscription { get; set; } = NoSubscription.Instance;

        public CircuitBreakerStatus ToStatus()
        {
            var stats = Circuit.GetStats();
            var recent = Ring.ToArray();
            return new CircuitBreakerStatus
            {
                Name = Circuit.Name,
                State = stats.State,
                FailureCount = stats.WindowFailures,
                ConsecutiveFailures = stats.ConsecutiveFailures,
                SuccessRate = stats.SuccessRate,
                LastStateChange = stats.LastStateChange,
                BreakEndsAt = stats.State == CircuitState.Open ? stats.BreakEndsAt : null,
                HealthScore = HealthScore.Compute(stats.State, stats.SuccessRate, recent),
                RecentChanges = recent,
            };
        }
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
