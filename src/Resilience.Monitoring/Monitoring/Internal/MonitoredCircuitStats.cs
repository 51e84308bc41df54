using Resilience.CircuitBreaking;

namespace Resilience.Monitoring.Internal;

/// <summary>The counters of one breaker at one instant; <see cref="BreakEndsAt"/> is when an open breaker admits probes.</summary>
internal readonly record struct MonitoredCircuitStats(
    CircuitState State,
    int ConsecutiveFailures,
    int WindowFailures,
    int WindowSuccesses,
    DateTimeOffset? LastStateChange,
    DateTimeOffset? BreakEndsAt = null)
{
    /// <summary>Gets the success rate over the window in percent; 100 when the window holds no call (no evidence of failure).</summary>
    public double SuccessRate
    {
        get
        {
            var total = (long)WindowFailures + WindowSuccesses;
            return total == 0 ? 100.0 : WindowSuccesses * 100.0 / total;
        }
    }

    /// <summary>Gets the number of calls in the window.</summary>
    public long Calls => (long)WindowFailures + WindowSuccesses;
}
