namespace Resilience.Monitoring.Internal;

/// <summary>Remembers when each (breaker, rule) alert was last sent, so it is not sent again within the window. Thread-safe through its own lock.</summary>
internal sealed class AlertDeduplicator
{
    private readonly Dictionary<(string Name, CircuitAlertKind Kind), DateTimeOffset> _lastSent = [];
    private readonly Lock _lock = new();

    /// <summary>Returns <see langword="true"/> and records the send when the alert was not sent within <paramref name="window"/>.</summary>
    public bool TryReserve(CircuitAlert alert, TimeSpan window)
    {
        var key = (alert.CircuitBreakerName, alert.Kind);
        lock (_lock)
        {
            if (_lastSent.TryGetValue(key, out var last) && alert.Timestamp - last < window)
            {
                return false;
            }

            _lastSent[key] = alert.Timestamp;
            return true;
        }
    }

    /// <summary>Forgets every alert of a breaker that is no longer monitored.</summary>
    public void Forget(string name)
    {
        lock (_lock)
        {
            foreach (CircuitAlertKind kind in Enum.GetValues<CircuitAlertKind>())
            {
                _lastSent.Remove((name, kind));
            }
        }
    }
}
