using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Resilience.OpenTelemetry.Tests.TestSupport;

namespace Resilience.OpenTelemetry.Tests;

/// <summary>
/// deploy/prometheus (alerting rules and their unit tests) and deploy/grafana (the dashboard) are written against what
/// the library really exports: every metric, label and exact label value they query is in a real scrape
/// (<see cref="ObservedScenario"/>), and the rules pass <c>promtool check rules</c> and <c>promtool test rules</c>
/// (./test.sh installs the Debian package prometheus when promtool is missing; this test never skips).
/// </summary>
[Collection(SharedObservedScenario.Name)]
public sealed partial class DeployArtifactsTests(ObservedScenario scenario)
{
    private static readonly string Prometheus = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus");
    private static readonly string Rules = Path.Combine(Prometheus, "resilience-alerts.yml");
    private static readonly string RuleTests = Path.Combine(Prometheus, "resilience-alerts.test.yml");
    private static readonly string Dashboard = Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "resilience-dashboard.json");

    private ScrapedSeries Scraped => new(scenario.Scrape);

    [Fact]
    public async Task Rules_PassPromtoolCheckAndTheirUnitTests()
    {
        var check = await PromtoolAsync("check", "rules", Path.GetFileName(Rules));
        check.ExitCode.Should().Be(0, check.Output);
        check.Output.Should().Contain("SUCCESS: 3 rules found");

        var test = await PromtoolAsync("test", "rules", Path.GetFileName(RuleTests));
        test.ExitCode.Should().Be(0, test.Output);
        test.Output.Should().Contain("SUCCESS");
    }

    [Fact]
    public void Rules_AreTheThreeAlertsOfTheMonitor_WrittenAgainstExportedSeries()
    {
        var text = File.ReadAllText(Rules);

        AlertName().Matches(text).Select(m => m.Groups[1].Value).Should().Equal(
            "ResilienceCircuitOpenTooLong", "ResilienceCircuitFlapping", "ResilienceHighFailureRateWhileClosed");
        var expressions = RuleExpressions(text);
        expressions.Should().HaveCount(3);
        foreach (var expression in expressions)
        {
            ShouldOnlyReferToExportedSeries(expression, "resilience-alerts.yml");
        }
    }

    [Fact]
    public void RuleTests_InputSeries_AreShapedLikeTheExportedOnes()
    {
        var scraped = Scraped;
        var series = InputSeries().Matches(File.ReadAllText(RuleTests)).Select(m => m.Groups[1].Value).ToList();

        series.Should().HaveCountGreaterThan(20);
        foreach (var line in series)
        {
            var metric = line[..line.IndexOf('{', StringComparison.Ordinal)];
            scraped.Metrics.Should().Contain(metric, $"the test series {line} is one the library exports");
            var labels = PromQuery.Parse(line).Labels.Except(ScrapedSeries.ServerLabels);
            labels.Should().BeSubsetOf(scraped.LabelsOf(metric), $"the labels of {line} are those the exporter writes");
        }
    }

    [Fact]
    public void Dashboard_IsValidGrafanaJson_AndEveryQueryUsesExportedSeries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var root = json.RootElement;
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToHashSet();

        root.GetProperty("uid").GetString().Should().NotBeNullOrEmpty();
        panels.Select(p => p.GetProperty("id").GetInt32()).Should().OnlyHaveUniqueItems();
        variables.Should().BeEquivalentTo("datasource", "job", "breaker");
        var queries = panels.Where(p => p.GetProperty("type").GetString() != "row")
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString()!, Expr: t.GetProperty("expr").GetString()!)))
            .ToList();
        queries.Select(q => q.Panel).Distinct().Should().HaveCount(panels.Count(p => p.GetProperty("type").GetString() != "row"), "every panel has a query");
        var queried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (panel, expr) in queries)
        {
            VariableUse().Matches(expr).Select(m => m.Groups[1].Value).Where(v => !v.StartsWith("__", StringComparison.Ordinal))
                .Should().BeSubsetOf(variables, $"panel '{panel}' uses only defined variables");
            queried.UnionWith(ShouldOnlyReferToExportedSeries(expr, $"panel '{panel}'"));
        }

        queried.Should().Contain(new[] { "resilience_circuit_breaker_state", "resilience_circuit_breaker_calls_total", "resilience_circuit_breaker_call_duration_seconds_bucket",
            "resilience_circuit_breaker_transitions_total", "resilience_retry_attempts_total", "resilience_timeouts_total" }, "the dashboard shows state, calls, latency, transitions, retries and timeouts");
    }

    private static List<string> RuleExpressions(string text)
    {
        var expressions = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "expr: |")
            {
                continue;
            }

            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var body = lines.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent);
            expressions.Add(string.Join('\n', body));
        }

        return expressions;
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = Prometheus, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: ./test.sh installs the Debian package prometheus.", e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
    }

    private IReadOnlySet<string> ShouldOnlyReferToExportedSeries(string expression, string where)
    {
        var scraped = Scraped;
        var query = PromQuery.Parse(expression);
        query.Metrics.Should().NotBeEmpty($"{where} queries a metric");
        query.Metrics.Should().BeSubsetOf(scraped.Metrics, $"{where} queries only series the library exports:\n{expression}");
        query.Labels.Should().BeSubsetOf(scraped.AllLabels.Union(ScrapedSeries.ServerLabels), $"{where} uses only exported labels:\n{expression}");
        foreach (var (label, value) in query.ExactMatches)
        {
            scraped.HasValue(label, value).Should().BeTrue($"{where} matches {label}=\"{value}\", a value the library exports");
        }

        return query.Metrics;
    }

    [GeneratedRegex(@"- alert: (\S+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"- series: '([^']+)'")]
    private static partial Regex InputSeries();

    [GeneratedRegex(@"\$\{?([a-zA-Z_]+)")]
    private static partial Regex VariableUse();
}
