using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Resilience.Telemetry.Internal;

namespace Resilience.Bulkhead.Internal;

/// <summary>
/// The bulkhead's instruments on the library's meter: in-flight and queued gauges observed from every live bulkhead,
/// and a rejection counter. Thread-safe; a live bulkhead is held weakly, so tracking never keeps one alive.
/// </summary>
internal static class BulkheadMetrics
{
    private static readonly ConditionalWeakTable<BulkheadStrategy, object?> Tracked = [];

    internal static readonly Counter<long> Rejections = ResilienceMetrics.Meter.CreateCounter<long>(
        BulkheadConstants.RejectionsInstrument, "{call}", "Calls a bulkhead rejected because its slots and queue were full.");

    internal static readonly ObservableGauge<int> InFlight = ResilienceMetrics.Meter.CreateObservableGauge(
        BulkheadConstants.InFlightInstrument, static () => Observe(static b => b.InFlight), "{call}", "Calls in flight in a bulkhead.");

    internal static readonly ObservableGauge<int> Queued = ResilienceMetrics.Meter.CreateObservableGauge(
        BulkheadConstants.QueuedInstrument, static () => Observe(static b => b.Queued), "{call}", "Calls waiting in a bulkhead's queue.");

    public static void Track(BulkheadStrategy bulkhead) => Tracked.AddOrUpdate(bulkhead, null);

    public static void Untrack(BulkheadStrategy bulkhead) => Tracked.Remove(bulkhead);

    public static void RecordRejection(string? name)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new KeyValuePair<string, object?>(BulkheadConstants.NameTag, name ?? BulkheadConstants.UnnamedTagValue));
        }
    }

    private static List<Measurement<int>> Observe(Func<BulkheadStrategy, int> read)
    {
        var measurements = new List<Measurement<int>>();
        foreach (var (bulkhead, _) in Tracked)
        {
            measurements.Add(new Measurement<int>(read(bulkhead), new KeyValuePair<string, object?>(BulkheadConstants.NameTag, bulkhead.Name ?? BulkheadConstants.UnnamedTagValue)));
        }

        return measurements;
    }
}
