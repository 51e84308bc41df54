namespace Resilience.Monitoring.Internal;

/// <summary>The stable event ids of the monitor's and the alert sinks' log lines (40xx; docs/observability.md lists them).</summary>
internal static class MonitoringEventIds
{
    /// <summary>An alert was raised, written by the logger alert sink (Warning).</summary>
    internal const int AlertRaised = 4001;

    /// <summary>An alert sink failed to deliver an alert (Error).</summary>
    internal const int AlertSinkFailed = 4002;

    /// <summary>The monitor's event queue overflowed and dropped its oldest events (Warning).</summary>
    internal const int MonitorEventsDropped = 4003;

    /// <summary>A monitor evaluation failed (Error).</summary>
    internal const int MonitorFailed = 4004;
}
