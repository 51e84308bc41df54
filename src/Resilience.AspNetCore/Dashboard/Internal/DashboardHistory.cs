using Resilience.Monitoring;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>
/// Each breaker's recent past for the page's sparklines: its state and success rate, sampled from the monitor once per
/// refresh interval on the application's <see cref="TimeProvider"/>, the last <see cref="DashboardConstants.HistorySamples"/>
/// samples per breaker. Bounded like the monitor: a breaker the monitor stops following leaves the history at the next
/// sample. Thread-safe.
/// </summary>
internal sealed class DashboardHistory : IDisposable
{
    private readonly CircuitBreakerMonitor _monitor;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DashboardSample>> _samples = new(StringComparer.Ordinal);
    private readonly ITimer _timer;

    public DashboardHistory(CircuitBreakerMonitor monitor, TimeProvider timeProvider, TimeSpan interval)
    {
        _monitor = monitor;
        Interval = interval;
        _timer = timeProvider.CreateTimer(static state => ((DashboardHistory)state!).Sample(), this, interval, interval);
    }

    /// <summary>Gets the time between two samples.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Gets the span the history covers when full.</summary>
    public TimeSpan Span => Interval * DashboardConstants.HistorySamples;

    /// <summary>Returns the samples of <paramref name="name"/>, oldest first (empty before the first sample).</summary>
    public DashboardSample[] Get(string name)
    {
        lock (_lock)
        {
            return _samples.TryGetValue(name, out var queue) ? [.. queue] : [];
        }
    }

    /// <summary>Takes one sample of every monitored breaker (the timer's callback; tests call it too).</summary>
    public void Sample()
    {
        DashboardSnapshot snapshot;
        try
        {
            snapshot = _monitor.GetDashboard();
        }
        catch (ObjectDisposedException)
        {
            // The application is stopping and took the monitor with it: nothing left to sample.
            return;
        }

        lock (_lock)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var breaker in snapshot.Breakers)
            {
                present.Add(breaker.Name);
                if (!_samples.TryGetValue(breaker.Name, out var queue))
                {
                    _samples[breaker.Name] = queue = new Queue<DashboardSample>(DashboardConstants.HistorySamples);
                }

                if (queue.Count == DashboardConstants.HistorySamples)
                {
                    queue.Dequeue();
                }

                queue.Enqueue(new DashboardSample(snapshot.Timestamp, breaker.State, breaker.SuccessRate));
            }

            foreach (var gone in _samples.Keys.Where(name => !present.Contains(name)).ToList())
            {
                _samples.Remove(gone);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
