using OpenTelemetry.Metrics;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>One exported metric point, copied out of the SDK's reused structures: its tags, value and, for a histogram, its buckets.</summary>
internal sealed record ExportedPoint(string Metric, string Unit, string MeterVersion, IReadOnlyDictionary<string, object?> Tags, double Value, long Count, IReadOnlyList<double> Bounds)
{
    public static List<ExportedPoint> From(IEnumerable<Metric> metrics)
    {
        var points = new List<ExportedPoint>();
        foreach (var metric in metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                var bounds = new List<double>();
                double value;
                long count = 0;
                switch (metric.MetricType)
                {
                    case MetricType.LongSum:
                        value = point.GetSumLong();
                        break;
                    case MetricType.DoubleSum:
                        value = point.GetSumDouble();
                        break;
                    case MetricType.LongGauge:
                        value = point.GetGaugeLastValueLong();
                        break;
                    case MetricType.DoubleGauge:
                        value = point.GetGaugeLastValueDouble();
                        break;
                    case MetricType.Histogram:
                        value = point.GetHistogramSum();
                        count = point.GetHistogramCount();
                        foreach (var bucket in point.GetHistogramBuckets())
                        {
                            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
                            {
                                bounds.Add(bucket.ExplicitBound);
                            }
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"{metric.Name} has the unexpected type {metric.MetricType}.");
                }

                points.Add(new ExportedPoint(metric.Name, metric.Unit, metric.MeterVersion, tags, value, count, bounds));
            }
        }

        return points;
    }

    public bool Has(string tag, string value) => Tags.TryGetValue(tag, out var v) && Equals(v, value);
}
