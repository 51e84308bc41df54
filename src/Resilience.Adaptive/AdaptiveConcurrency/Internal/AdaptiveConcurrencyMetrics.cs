using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Resilience.Internal;

namespace Resilience.AdaptiveConcurrency.Internal;

/// <summary>The adaptive limit's instruments on the library's meter. Thread-safe; a live stage is held weakly.</summary>
internal static class AdaptiveConcurrencyMetrics
{
    private static readonly ConditionalWeakTable<AdaptiveConcurrencyStrategy, object?> Tracked = [];

    internal static readonly Counter<long> Rejections = AdaptiveMeter.Meter.CreateCounter<long>(
        AdaptiveConcurrencyConstants.RejectionsInstrument, "{call}", "Calls an adaptive concurrency limit rejected.");

    internal static readonly ObservableGauge<int> Limit = AdaptiveMeter.Meter.CreateObservableGauge(
        AdaptiveConcurrencyConstants.LimitInstrument, static () => Observe(static s => s.Limit), "{call}", "The adaptive concurrency limit.");

    internal static readonly ObservableGauge<int> InFlight = AdaptiveMeter.Meter.CreateObservableGauge(
        AdaptiveConcurrencyConstants.InFlightInstrument, static () => Observe(static s => s.InFlight), "{call}", "Calls in flight under an adaptive concurrency limit.");

    internal static readonly ObservableGauge<double> Rtt = AdaptiveMeter.Meter.CreateObservableGauge(
        AdaptiveConcurrencyConstants.RttInstrument, ObserveRtt, "s", "The latency estimates an adaptive concurrency limit keeps (min/last, long/short).");

    public static void Track(AdaptiveConcurrencyStrategy stage) => Tracked.AddOrUpdate(stage, null);

    public static void Untrack(AdaptiveConcurrencyStrategy stage) => Tracked.Remove(stage);

    public static void RecordRejection(AdaptiveConcurrencyStrategy stage)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, NameTag(stage), AlgorithmTag(stage));
        }
    }

    private static List<Measurement<int>> Observe(Func<AdaptiveConcurrencyStrategy, int> read)
    {
        var measurements = new List<Measurement<int>>();
        foreach (var (stage, _) in Tracked)
        {
            measurements.Add(new Measurement<int>(read(stage), NameTag(stage), AlgorithmTag(stage)));
        }

        return measurements;
    }

    private static List<Measurement<double>> ObserveRtt()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var (stage, _) in Tracked)
        {
            foreach (var (name, seconds) in stage.ReadEstimates())
            {
                measurements.Add(new Measurement<double>(seconds, NameTag(stage), AlgorithmTag(stage), new(AdaptiveConcurrencyConstants.EstimateTag, name)));
            }
        }

        return measurements;
    }

    private static KeyValuePair<string, object?> NameTag(AdaptiveConcurrencyStrategy stage) => new(AdaptiveConcurrencyConstants.NameTag, stage.Name);

    private static KeyValuePair<string, object?> AlgorithmTag(AdaptiveConcurrencyStrategy stage) =>
        new(AdaptiveConcurrencyConstants.AlgorithmTag, stage.Algorithm switch
        {
            AdaptiveLimitAlgorithm.Aimd => "aimd",
            AdaptiveLimitAlgorithm.Vegas => "vegas",
            _ => "gradient",
        });
}
