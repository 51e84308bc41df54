using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.CircuitBreaker;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Core.Tests.Telemetry.Internal;

/// <summary>The meter is process-wide, so each test uses its own breaker name and reads only its own measurements.</summary>
public sealed class ResilienceMetricsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Instruments_NamesAndUnits_AreTheDocumentedOnes()
    {
        ResilienceMetrics.Meter.Name.Should().Be("Resilience");
        ResilienceMetrics.CircuitCalls.Name.Should().Be("resilience.circuit_breaker.calls");
        ResilienceMetrics.CircuitTransitions.Name.Should().Be("resilience.circuit_breaker.transitions");
        ResilienceMetrics.CircuitCallDuration.Name.Should().Be("resilience.circuit_breaker.call.duration");
        ResilienceMetrics.CircuitCallDuration.Unit.Should().Be("s");
        ResilienceMetrics.CircuitState.Name.Should().Be("resilience.circuit_breaker.state");
        ResilienceMetrics.RetryAttempts.Name.Should().Be("resilience.retry.attempts");
        ResilienceMetrics.RetriesExhausted.Name.Should().Be("resilience.retry.exhausted");
        ResilienceMetrics.RetryBudgetExhausted.Name.Should().Be("resilience.retry.budget.exhausted");
        ResilienceMetrics.Timeouts.Name.Should().Be("resilience.timeouts");
    }

    [Theory]
    [InlineData((int)CallOutcomeKind.Success, "success")]
    [InlineData((int)CallOutcomeKind.Failure, "failure")]
    [InlineData((int)CallOutcomeKind.Ignored, "ignored")]
    [InlineData((int)CallOutcomeKind.Rejected, "rejected")]
    public void RecordCall_Outcome_CountsWithNameAndOutcomeTags(int outcome, string tag)
    {
        var name = Unique();
        using var collector = new MetricCollector<long>(ResilienceMetrics.CircuitCalls);

        ResilienceMetrics.RecordCall(name, (CallOutcomeKind)outcome, _time, startTimestamp: 0);

        var measurement = Single(collector, name);
        measurement.Value.Should().Be(1);
        measurement.Tags[ResilienceTelemetryNames.OutcomeTag].Should().Be(tag);
    }

    [Fact]
    public void RecordCall_WithStartTimestamp_RecordsDurationInSeconds()
    {
        var name = Unique();
        using var collector = new MetricCollector<double>(ResilienceMetrics.CircuitCallDuration);
        var start = ResilienceMetrics.StartTimestamp(_time);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        ResilienceMetrics.RecordCall(name, CallOutcomeKind.Failure, _time, start);

        start.Should().NotBe(0, "a listener is attached to the histogram");
        var measurement = collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));
        measurement.Value.Should().Be(0.25);
        measurement.Tags[ResilienceTelemetryNames.OutcomeTag].Should().Be("failure");
    }

    [Fact]
    public void RecordTransition_FromTo_CountsWithSnakeCaseStateTags()
    {
        var name = Unique();
        using var collector = new MetricCollector<long>(ResilienceMetrics.CircuitTransitions);

        ResilienceMetrics.RecordTransition(name, CircuitState.HalfOpen, CircuitState.Open);

        var measurement = Single(collector, name);
        measurement.Tags[ResilienceTelemetryNames.FromStateTag].Should().Be("half_open");
        measurement.Tags[ResilienceTelemetryNames.ToStateTag].Should().Be("open");
    }

    [Fact]
    public void CircuitStateGauge_TrackedCircuits_ReportDocumentedValues()
    {
        var states = new[] { CircuitState.Closed, CircuitState.HalfOpen, CircuitState.Open, CircuitState.Isolated };
        var sources = states.Select(s => new StateSource(Unique(), s)).ToArray();
        using var collector = new MetricCollector<int>(ResilienceMetrics.CircuitState);
        foreach (var source in sources)
        {
            ResilienceMetrics.Track(source);
        }

        try
        {
            collector.RecordObservableInstruments();
            var values = sources.Select(s => collector.GetMeasurementSnapshot()
                .Last(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], s.Name)).Value);
            values.Should().Equal(0, 1, 2, 3);
        }
        finally
        {
            foreach (var source in sources)
            {
                ResilienceMetrics.Untrack(source);
            }
        }

        collector.Clear();
        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], sources[0].Name));
    }

    [Fact]
    public void RecordRetryAndTimeout_CountWithNameTags()
    {
        var name = Unique();
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        using var exhausted = new MetricCollector<long>(ResilienceMetrics.RetriesExhausted);
        using var budget = new MetricCollector<long>(ResilienceMetrics.RetryBudgetExhausted);
        using var timeouts = new MetricCollector<long>(ResilienceMetrics.Timeouts);

        ResilienceMetrics.RecordRetryAttempt(name);
        ResilienceMetrics.RecordRetryAttempt(name);
        ResilienceMetrics.RecordRetriesExhausted(name);
        ResilienceMetrics.RecordRetryBudgetExhausted(name);
        ResilienceMetrics.RecordTimeout(name);

        Sum(attempts, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(2);
        Sum(exhausted, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(1);
        Sum(budget, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(1);
        Sum(timeouts, ResilienceTelemetryNames.TimeoutOperationTypeTag, name).Should().Be(1);
    }

    private static string Unique() => "metrics-test-" + Guid.NewGuid().ToString("N");

    private static CollectedMeasurement<long> Single(MetricCollector<long> collector, string name) =>
        collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));

    private static long Sum(MetricCollector<long> collector, string tag, string name) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue(tag, out var v) && Equals(v, name)).Sum(m => m.Value);

    private sealed record StateSource(string Name, CircuitState State) : ICircuitStateSource;
}
