using System.Text.RegularExpressions;

namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>The metric names, label names and exact label values a PromQL expression refers to (enough of PromQL for
/// the queries in deploy/: selectors, <c>by</c>/<c>without</c> clauses and function calls).</summary>
internal sealed partial record PromQuery(IReadOnlySet<string> Metrics, IReadOnlySet<string> Labels, IReadOnlyList<(string Label, string Value)> ExactMatches)
{
    public static PromQuery Parse(string expression)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var exact = new List<(string, string)>();
        var rest = Grouping().Replace(expression, m =>
        {
            labels.UnionWith(m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return " ";
        });
        rest = Selector().Replace(rest, m =>
        {
            foreach (Match matcher in Matcher().Matches(m.Groups[1].Value))
            {
                labels.Add(matcher.Groups[1].Value);
                if (matcher.Groups[2].Value == "=" && !matcher.Groups[3].Value.Contains('$', StringComparison.Ordinal))
                {
                    exact.Add((matcher.Groups[1].Value, matcher.Groups[3].Value));
                }
            }

            return " ";
        });
        rest = Range().Replace(rest, " ");
        var metrics = MetricName().Matches(rest).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return new PromQuery(metrics, labels, exact);
    }

    [GeneratedRegex(@"\b(?:by|without)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""([^""]*)""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\bresilience_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
