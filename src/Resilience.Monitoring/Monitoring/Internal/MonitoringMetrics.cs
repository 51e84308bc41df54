using System.Diagnostics.Metrics;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.Monitoring.Internal;

/// <summary>The monitor's instrument, on the package's meter (named <c>Resilience</c> like every package's). Thread-safe;
/// allocation-free when nobody listens.</summary>
internal static class MonitoringMetrics
{
    /// <summary>Counter: state-change events the monitor dropped because its queue was full.</summary>
    internal const string MonitorEventsDroppedName = "resilience.monitor.events.dropped";

    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(MonitoringMetrics).Assembly);

    private static readonly Counter<long> MonitorEventsDropped = Meter.CreateCounter<long>(
        MonitorEventsDroppedName, "{event}", "State-change events dropped by the monitor's full queue.");

    /// <summary>Counts monitor events dropped by a full queue.</summary>
    public static void RecordMonitorEventDropped()
    {
        if (MonitorEventsDropped.Enabled)
        {
            MonitorEventsDropped.Add(1);
        }
    }
}
