using Resilience.Monitoring;

namespace Resilience.Monitoring.Tests.TestDoubles;

/// <summary>Keeps every alert it receives; completes <see cref="FirstAlert"/> on the first one.</summary>
internal sealed class RecordingAlertSink : IAlertSink
{
    private readonly TaskCompletionSource<CircuitAlert> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<CircuitAlert> _alerts = [];

    public Task<CircuitAlert> FirstAlert => _first.Task;

    public IReadOnlyList<CircuitAlert> Alerts
    {
        get
        {
            lock (_alerts)
            {
                return [.. _alerts];
            }
        }
    }

    public ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken)
    {
        lock (_alerts)
        {
            _alerts.Add(alert);
        }

        _first.TrySetResult(alert);
        return ValueTask.CompletedTask;
    }
}
