using System.Text.RegularExpressions;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>The series of a Prometheus text exposition: each metric's label names and the values seen for each label.</summary>
internal sealed partial class ScrapedSeries
{
    /// <summary>Labels the Prometheus server adds to every scraped series; an exposition never carries them.</summary>
    public static readonly IReadOnlySet<string> ServerLabels = new HashSet<string>(StringComparer.Ordinal) { "job", "instance" };

    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _metrics = new(StringComparer.Ordinal);

    public ScrapedSeries(string exposition)
    {
        foreach (var line in exposition.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'))
        {
            var series = Series().Match(line);
            if (!series.Success)
            {
                continue;
            }

            var labels = Metric(series.Groups[1].Value);
            foreach (Match label in Label().Matches(series.Groups[2].Value))
            {
                if (!labels.TryGetValue(label.Groups[1].Value, out var values))
                {
                    labels[label.Groups[1].Value] = values = new HashSet<string>(StringComparer.Ordinal);
                }

                values.Add(label.Groups[2].Value);
            }
        }
    }

    public IReadOnlyCollection<string> Metrics => _metrics.Keys;

    public IReadOnlySet<string> LabelsOf(string metric) =>
        _metrics.TryGetValue(metric, out var labels) ? labels.Keys.ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    public IReadOnlySet<string> AllLabels => _metrics.Values.SelectMany(l => l.Keys).ToHashSet(StringComparer.Ordinal);

    public bool HasValue(string label, string value) => _metrics.Values.Any(l => l.TryGetValue(label, out var values) && values.Contains(value));

    private Dictionary<string, HashSet<string>> Metric(string name)
    {
        if (!_metrics.TryGetValue(name, out var labels))
        {
            _metrics[name] = labels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        }

        return labels;
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+")]
    private static partial Regex Series();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
