using System.Net;
using System.Text.RegularExpressions;
using Resilience.OpenTelemetry.Tests.TestSupport;

namespace Resilience.OpenTelemetry.Tests;

/// <summary>
/// What the OpenTelemetry SDK really exports from a real host (<see cref="ObservedScenario"/>): names, units, bucket
/// boundaries, tags and values, read from the in-memory exporter and from the Prometheus scraping endpoint. Names are
/// literals on purpose: they are the contract dashboards and alerts are written against.
/// </summary>
[Collection(SharedObservedScenario.Name)]
public sealed class ExportedMetricsTests(ObservedScenario scenario)
{
    private const string Timeout = "Resilience.Timeout.TimeoutRejectedException";

    private IEnumerable<ExportedPoint> Of(string metric) => scenario.Points.Where(p => p.Metric == metric);

    [Fact]
    public void Meter_Version_IsThePackageVersion()
    {
        var version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;

        scenario.Points.Should().NotBeEmpty().And.OnlyContain(p => p.MeterVersion == version);
    }

    [Fact]
    public void Instruments_HaveTheirUcumUnits()
    {
        var units = scenario.Points.GroupBy(p => p.Metric).ToDictionary(g => g.Key, g => g.First().Unit);

        units.Should().Contain(new Dictionary<string, string>
        {
            ["resilience.circuit_breaker.calls"] = "{call}",
            ["resilience.circuit_breaker.transitions"] = "{transition}",
            ["resilience.circuit_breaker.call.duration"] = "s",
            ["resilience.circuit_breaker.state"] = "{state}",
            ["resilience.circuit_breaker.state.duration"] = "s",
            ["resilience.circuit_breaker.break.remaining"] = "s",
            ["resilience.retry.attempts"] = "{attempt}",
            ["resilience.retry.exhausted"] = "{operation}",
            ["resilience.timeouts"] = "{timeout}",
        });
    }

    [Fact]
    public void CallDuration_HasSecondBuckets_NotTheSdkDefaultsThatPutEveryCallInTheFirstBucket()
    {
        var points = Of("resilience.circuit_breaker.call.duration").Where(p => p.Has("circuit_breaker.name", ObservedApp.Inventory)).ToList();

        points.Should().NotBeEmpty().And.OnlyContain(p => p.Bounds.SequenceEqual(new[] { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60 }));
        points.Single(p => p.Has("error.type", Timeout)).Count.Should().Be(2, "both attempts of the hanging request ran into the 1 s attempt timeout");
        points.Single(p => p.Has("error.type", Timeout)).Value.Should().BeApproximately(3.0, 0.001, "each timed-out attempt lasted 1.5 s on the fake clock");
    }

    [Fact]
    public void CircuitCalls_AreTaggedWithTheBreakerOutcomeAndErrorType()
    {
        var inventory = Of("resilience.circuit_breaker.calls").Where(p => p.Has("circuit_breaker.name", ObservedApp.Inventory)).ToList();

        Count(inventory, "resilience.outcome", "success").Should().Be(1);
        inventory.Where(p => p.Has("resilience.outcome", "failure")).ToDictionary(p => (string)p.Tags["error.type"]!, p => p.Value)
            .Should().Equal(new Dictionary<string, double> { ["503"] = 2, [Timeout] = 2 });
        Count(inventory, "resilience.outcome", "rejected").Should().Be(1);
        inventory.Where(p => !p.Has("resilience.outcome", "failure")).Should().OnlyContain(p => !p.Tags.ContainsKey("error.type"));
    }

    [Fact]
    public void Retries_NameTheClientTheyRetryFor_AndTheErrorTheyRetry()
    {
        var attempts = Of("resilience.retry.attempts").ToList();

        attempts.Should().NotContain(p => p.Has("retry.name", "default"), "every retry belongs to a named client");
        attempts.Where(p => p.Has("retry.name", ObservedApp.Inventory)).ToDictionary(p => (string)p.Tags["error.type"]!, p => p.Value)
            .Should().Equal(new Dictionary<string, double> { ["503"] = 1, [Timeout] = 1 });
        attempts.Where(p => p.Has("retry.name", ObservedApp.Payments)).ToDictionary(p => (string)p.Tags["error.type"]!, p => p.Value)
            .Should().Equal(new Dictionary<string, double> { ["503"] = 1 });
        Of("resilience.retry.exhausted").Where(p => p.Has("retry.name", ObservedApp.Inventory)).Sum(p => p.Value).Should().Be(2);
    }

    [Fact]
    public void Timeouts_NameTheClientAndTheOperationType()
    {
        Of("resilience.timeouts").Should().ContainSingle()
            .Which.Tags.Should().Equal(new Dictionary<string, object?> { ["timeout.name"] = ObservedApp.Inventory, ["timeout.operation_type"] = "standard_request" });
        Of("resilience.timeouts").Single().Value.Should().Be(2);
    }

    [Fact]
    public void CircuitState_IsAStateAttribute_OneForTheCurrentStateAndZeroForTheOthers()
    {
        States(ObservedApp.Inventory).Should().Equal(new Dictionary<string, double> { ["closed"] = 0, ["half_open"] = 0, ["open"] = 1, ["isolated"] = 0 });
        States(ObservedApp.Payments).Should().Equal(new Dictionary<string, double> { ["closed"] = 1, ["half_open"] = 0, ["open"] = 0, ["isolated"] = 0 });
        Of("resilience.circuit_breaker.transitions").Should().ContainSingle(p => p.Has("circuit_breaker.name", ObservedApp.Inventory))
            .Which.Tags.Should().Contain("circuit_breaker.state.from", "closed").And.Contain("circuit_breaker.state.to", "open");
    }

    [Fact]
    public void OpenCircuit_ReportsHowLongItHasBeenOpenAndWhenItAdmitsProbes()
    {
        Gauge("resilience.circuit_breaker.state.duration", ObservedApp.Inventory).Should().BeApproximately(8.4, 1e-9);
        Gauge("resilience.circuit_breaker.break.remaining", ObservedApp.Inventory).Should().BeApproximately(21.6, 1e-9);
        Gauge("resilience.circuit_breaker.break.remaining", ObservedApp.Payments).Should().Be(0);
    }

    [Fact]
    public void NoTagValue_HoldsAQueryStringOrASecret()
    {
        scenario.Points.SelectMany(p => p.Tags.Values).OfType<string>().Should().NotContain(v => v.Contains('?') || v.Contains("SECRET", StringComparison.Ordinal));
        scenario.Scrape.Should().NotContain("SECRET");
    }

    [Fact]
    public void PrometheusExposition_UsesTheNamesTheDocsRulesAndDashboardAreWrittenAgainst()
    {
        var scrape = scenario.Scrape;

        scrape.Should().Contain("resilience_circuit_breaker_calls_total{")
            .And.Contain("resilience_circuit_breaker_call_duration_seconds_bucket{")
            .And.Contain("resilience_circuit_breaker_transitions_total{")
            .And.Contain("resilience_retry_attempts_total{")
            .And.Contain("resilience_retry_exhausted_total{")
            .And.Contain("resilience_timeouts_total{");
        Line(scrape, "resilience_circuit_breaker_state", "circuit_breaker_name=\"inventory\"", "circuit_breaker_state=\"open\"").Should().EndWith(" 1");
        Line(scrape, "resilience_circuit_breaker_calls_total", "circuit_breaker_name=\"inventory\"", "error_type=\"503\"").Should().EndWith(" 2");
        Line(scrape, "resilience_circuit_breaker_call_duration_seconds_bucket", "circuit_breaker_name=\"inventory\"", "le=\"2.5\"").Should().NotBeNull();
        Line(scrape, "resilience_circuit_breaker_state_duration_seconds", "circuit_breaker_name=\"inventory\"").Should().EndWith(" 8.4");
        Line(scrape, "resilience_circuit_breaker_break_remaining_seconds", "circuit_breaker_name=\"inventory\"").Should().EndWith(" 21.6");
        Line(scrape, "resilience_retry_attempts_total", "retry_name=\"payments\"", "error_type=\"503\"").Should().EndWith(" 1");
        Line(scrape, "resilience_timeouts_total", "timeout_name=\"inventory\"", "timeout_operation_type=\"standard_request\"").Should().EndWith(" 2");
    }

    [Fact]
    public void Health_OneOpenBreakerOfTwo_IsDegradedAndStillServed()
    {
        scenario.HealthStatusCode.Should().Be(HttpStatusCode.OK, "an outage of one dependency must not take every instance out of rotation");
        scenario.Health.Should().Be("Degraded");
    }

    private static double Count(IEnumerable<ExportedPoint> points, string tag, string value) => points.Where(p => p.Has(tag, value)).Sum(p => p.Value);

    private static string? Line(string scrape, string metric, params string[] labels) => scrape.Split('\n')
        .FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))?.Trim();

    private Dictionary<string, double> States(string breaker) => Of("resilience.circuit_breaker.state")
        .Where(p => p.Has("circuit_breaker.name", breaker))
        .ToDictionary(p => (string)p.Tags["circuit_breaker.state"]!, p => p.Value);

    private double Gauge(string metric, string breaker) => Of(metric).Single(p => p.Has("circuit_breaker.name", breaker)).Value;
}
