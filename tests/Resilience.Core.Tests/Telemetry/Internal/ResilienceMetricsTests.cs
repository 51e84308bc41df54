using Resilience.Internal;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
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
        CircuitBreakerMetrics.Calls.Name.Should().Be("resilience.circuit_breaker.calls");
        CircuitBreakerMetrics.Transitions.Name.Should().Be("resilience.circuit_breaker.transitions");
        CircuitBreakerMetrics.CallDuration.Name.Should().Be("resilience.circuit_breaker.call.duration");
        CircuitBreakerMetrics.CallDuration.Unit.Should().Be("s");
        CircuitStateGauges.State.Name.Should().Be("resilience.circuit_breaker.state");
        ResilienceMetrics.RetryAttempts.Name.Should().Be("resilience.retry.attempts");
        ResilienceMetrics.RetriesExhausted.Name.Should().Be("resilience.retry.exhausted");
        ResilienceMetrics.RetryBudgetExhausted.Name.Should().Be("resilience.retry.budget.exhausted");
        ResilienceMetrics.Timeouts.Name.Should().Be("resilience.timeouts");
        CircuitStateGauges.StateDuration.Name.Should().Be("resilience.circuit_breaker.state.duration");
        CircuitStateGauges.StateDuration.Unit.Should().Be("s");
        CircuitStateGauges.BreakRemaining.Name.Should().Be("resilience.circuit_breaker.break.remaining");
        CircuitStateGauges.BreakRemaining.Unit.Should().Be("s");
    }

    [Fact]
    public void CallDuration_AdvisesSecondBuckets_From5MillisecondsTo60Seconds()
    {
        // Without advice the SDK's default buckets (0, 5, 10, 25 ... 10000) put every call of a second-valued histogram in le="5".
        CircuitBreakerMetrics.CallDuration.Advice!.HistogramBucketBoundaries.Should()
            .Equal(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60);
    }

    [Fact]
    public void Meter_Version_IsThePackageVersion()
    {
        ResilienceMetrics.Meter.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", "a package version, not an assembly version with a fourth part or build metadata");
        ResilienceMetrics.Meter.Version.Should().Be(PackageMeter.PackageVersion(typeof(ResilienceMetrics).Assembly));
    }

    [Fact]
    public void RecordCall_Failure_CarriesErrorType_AndOtherOutcomesDoNot()
    {
        var name = Unique();
        using var collector = new MetricCollector<long>(CircuitBreakerMetrics.Calls);

        CircuitBreakerMetrics.RecordCall(name, CallOutcomeKind.Failure, "System.TimeoutException", _time, startTimestamp: 0);
        CircuitBreakerMetrics.RecordCall(name, CallOutcomeKind.Success, "ignored-for-success", _time, startTimestamp: 0);

        var measurements = collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name)).ToList();
        measurements.Single(m => Equals(m.Tags[ResilienceTelemetryNames.OutcomeTag], "failure")).Tags[ResilienceTelemetryNames.ErrorTypeTag].Should().Be("System.TimeoutException");
        measurements.Single(m => Equals(m.Tags[ResilienceTelemetryNames.OutcomeTag], "success")).Tags.Should().NotContainKey(ResilienceTelemetryNames.ErrorTypeTag);
    }

    [Theory]
    [InlineData((int)CallOutcomeKind.Success, "success")]
    [InlineData((int)CallOutcomeKind.Failure, "failure")]
    [InlineData((int)CallOutcomeKind.Ignored, "ignored")]
    [InlineData((int)CallOutcomeKind.Rejected, "rejected")]
    public void RecordCall_Outcome_CountsWithNameAndOutcomeTags(int outcome, string tag)
    {
        var name = Unique();
        using var collector = new MetricCollector<long>(CircuitBreakerMetrics.Calls);

        CircuitBreakerMetrics.RecordCall(name, (CallOutcomeKind)outcome, null, _time, startTimestamp: 0);

        var measurement = Single(collector, name);
        measurement.Value.Should().Be(1);
        measurement.Tags[ResilienceTelemetryNames.OutcomeTag].Should().Be(tag);
    }

    [Fact]
    public void RecordCall_WithStartTimestamp_RecordsDurationInSeconds()
    {
        var name = Unique();
        using var collector = new MetricCollector<double>(CircuitBreakerMetrics.CallDuration);
        var start = CircuitBreakerMetrics.StartTimestamp(_time);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        CircuitBreakerMetrics.RecordCall(name, CallOutcomeKind.Failure, "System.TimeoutException", _time, start);

        start.Should().NotBe(0, "a listener is attached to the histogram");
        var measurement = collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));
        measurement.Value.Should().Be(0.25);
        measurement.Tags[ResilienceTelemetryNames.OutcomeTag].Should().Be("failure");
        measurement.Tags[ResilienceTelemetryNames.ErrorTypeTag].Should().Be("System.TimeoutException");
    }

    [Fact]
    public void RecordTransition_FromTo_CountsWithSnakeCaseStateTags()
    {
        var name = Unique();
        using var collector = new MetricCollector<long>(CircuitBreakerMetrics.Transitions);

        CircuitBreakerMetrics.RecordTransition(name, CircuitState.HalfOpen, CircuitState.Open);

        var measurement = Single(collector, name);
        measurement.Tags[ResilienceTelemetryNames.FromStateTag].Should().Be("half_open");
        measurement.Tags[ResilienceTelemetryNames.ToStateTag].Should().Be("open");
    }

    [Fact]
    public void CircuitStateGauge_TrackedCircuits_ReportOneForTheirStateAndZeroForTheOthers()
    {
        var states = new[] { CircuitState.Closed, CircuitState.HalfOpen, CircuitState.Open, CircuitState.Isolated };
        var sources = states.Select(s => new StateSource(Unique(), s, TimeSpan.Zero, TimeSpan.Zero)).ToArray();
        using var collector = new MetricCollector<int>(CircuitStateGauges.State);
        foreach (var source in sources)
        {
            CircuitStateGauges.Track(source);
        }

        try
        {
            collector.RecordObservableInstruments();
            foreach (var source in sources)
            {
                var reported = collector.GetMeasurementSnapshot()
                    .Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], source.Name))
                    .ToDictionary(m => (string)m.Tags[ResilienceTelemetryNames.CircuitStateTag]!, m => m.Value);
                reported.Should().Equal(new Dictionary<string, int>
                {
                    ["closed"] = source.State == CircuitState.Closed ? 1 : 0,
                    ["half_open"] = source.State == CircuitState.HalfOpen ? 1 : 0,
                    ["open"] = source.State == CircuitState.Open ? 1 : 0,
                    ["isolated"] = source.State == CircuitState.Isolated ? 1 : 0,
                });
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                CircuitStateGauges.Untrack(source);
            }
        }

        collector.Clear();
        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], sources[0].Name));
    }

    [Fact]
    public void TimingGauges_ReportSecondsInStateAndSecondsOfBreakLeft()
    {
        var source = new StateSource(Unique(), CircuitState.Open, TimeSpan.FromSeconds(8.4), TimeSpan.FromSeconds(21.6));
        using var inState = new MetricCollector<double>(CircuitStateGauges.StateDuration);
        using var remaining = new MetricCollector<double>(CircuitStateGauges.BreakRemaining);
        CircuitStateGauges.Track(source);
        try
        {
            inState.RecordObservableInstruments();
            remaining.RecordObservableInstruments();
        }
        finally
        {
            CircuitStateGauges.Untrack(source);
        }

        inState.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], source.Name)).Value.Should().Be(8.4);
        remaining.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], source.Name)).Value.Should().Be(21.6);
    }

    [Fact]
    public void RecordRetryAndTimeout_CountWithNameAndErrorTypeTags()
    {
        var name = Unique();
        using var attempts = new MetricCollector<long>(ResilienceMetrics.RetryAttempts);
        using var exhausted = new MetricCollector<long>(ResilienceMetrics.RetriesExhausted);
        using var budget = new MetricCollector<long>(ResilienceMetrics.RetryBudgetExhausted);
        using var timeouts = new MetricCollector<long>(ResilienceMetrics.Timeouts);
        var context = ResilienceContext.Get(CancellationToken.None);
        var failed = new OutcomeArguments(new TimeoutException(), null, context);

        ResilienceMetrics.RecordRetryAttempt(name, failed);
        ResilienceMetrics.RecordRetryAttempt(name, failed);
        ResilienceMetrics.RecordRetriesExhausted(name, failed);
        ResilienceMetrics.RecordRetryBudgetExhausted(name, failed);
        ResilienceMetrics.RecordTimeout(name, "standard_request");
        ResilienceContext.Return(context);

        Sum(attempts, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(2);
        Sum(exhausted, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(1);
        Sum(budget, ResilienceTelemetryNames.RetryNameTag, name).Should().Be(1);
        attempts.GetMeasurementSnapshot().Where(m => Equals(m.Tags[ResilienceTelemetryNames.RetryNameTag], name))
            .Should().OnlyContain(m => Equals(m.Tags[ResilienceTelemetryNames.ErrorTypeTag], "System.TimeoutException"));
        var timeout = timeouts.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.TimeoutNameTag], name));
        timeout.Tags[ResilienceTelemetryNames.TimeoutOperationTypeTag].Should().Be("standard_request");
    }

    private static string Unique() => "metrics-test-" + Guid.NewGuid().ToString("N");

    private static CollectedMeasurement<long> Single(MetricCollector<long> collector, string name) =>
        collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));

    private static long Sum(MetricCollector<long> collector, string tag, string name) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue(tag, out var v) && Equals(v, name)).Sum(m => m.Value);

    private sealed record StateSource(string Name, CircuitState State, TimeSpan InState, TimeSpan BreakRemaining) : ICircuitStateSource
    {
        public CircuitStateTiming ReadTiming() => new(State, InState, BreakRemaining);
    }
}
