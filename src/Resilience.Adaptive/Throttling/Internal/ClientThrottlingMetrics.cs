using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Resilience.Internal;

namespace Resilience.Throttling.Internal;

/// <summary>The throttle's instruments on the library's meter. Thread-safe; a live stage is held weakly.</summary>
internal static class ClientThrottlingMetrics
{
    private static readonly ConditionalWeakTable<ClientThrottlingStrategy, object?> Tracked = [];

    internal static readonly Counter<long> Rejections = AdaptiveMeter.Meter.CreateCounter<long>(
        ClientThrottlingConstants.RejectionsInstrument, "{call}", "Calls client-side throttling rejected locally.");

    internal static readonly ObservableGauge<double> Probability = AdaptiveMeter.Meter.CreateObservableGauge(
        ClientThrottlingConstants.ProbabilityInstrument, ObserveProbability, "1", "The probability that client-side throttling rejects the next call.");

    public static void Track(ClientThrottlingStrategy stage) => Tracked.AddOrUpdate(stage, null);

    public static void Untrack(ClientThrottlingStrategy stage) => Tracked.Remove(stage);

    public static void RecordRejection(ClientThrottlingStrategy stage)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new KeyValuePair<string, object?>(ClientThrottlingConstants.NameTag, stage.Name));
        }
    }

    private static List<Measurement<double>> ObserveProbability()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var (stage, _) in Tracked)
        {
            measurements.Add(new Measurement<double>(stage.RejectionProbability, new KeyValuePair<string, object?>(ClientThrottlingConstants.NameTag, stage.Name)));
        }

        return measurements;
    }
}
