using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>The breaker's telemetry sink (CircuitBreakerTelemetry) feeds the shared meter; each test uses its own name.</summary>
public sealed class CircuitBreakerTelemetryTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _name = "telemetry-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ExecuteAsync_Outcomes_AreCountedByOutcomeTag()
    {
        using var calls = new MetricCollector<long>(CircuitBreakerMetrics.Calls);
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions { FailureThreshold = 2, ExcludedExceptions = { typeof(ArgumentException) } }, _time);

        await breaker.ExecuteAsync(static _ => ValueTask.FromResult(1));
        await breaker.ExecuteAsync(static _ => ValueTask.FromResult(2));
        await Throws<ArgumentException>(breaker);
        await Throws<InvalidOperationException>(breaker);
        await Throws<InvalidOperationException>(breaker);
        var rejected = breaker.TryAcquirePermit(out _, out _);

        rejected.Should().BeFalse("two failures opened the circuit");
        Count(calls, "success").Should().Be(2);
        Count(calls, "ignored").Should().Be(1);
        Count(calls, "failure").Should().Be(2);
        Count(calls, "rejected").Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_Failures_CarryTheErrorType()
    {
        using var calls = new MetricCollector<long>(CircuitBreakerMetrics.Calls);
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions
        {
            FailureThreshold = 10,
            ShouldHandle = static a => a.Exception is not null || a.Result is HttpResponseMessage { IsSuccessStatusCode: false },
        }, _time);

        await Throws<InvalidOperationException>(breaker);
        using var response = await breaker.ExecuteAsync(static _ => ValueTask.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway)));
        breaker.TryAcquirePermit(out var permit, out _);
        permit.RecordFailure();

        var failures = calls.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name) && Equals(m.Tags[ResilienceTelemetryNames.OutcomeTag], "failure"))
            .Select(m => m.Tags[ResilienceTelemetryNames.ErrorTypeTag]);
        failures.Should().Equal("System.InvalidOperationException", "502", "_OTHER");
    }

    [Fact]
    public void Permit_WithDurationListener_RecordsSecondsByOutcome()
    {
        using var durations = new MetricCollector<double>(CircuitBreakerMetrics.CallDuration);
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions { FailureThreshold = 5 }, _time);

        breaker.TryAcquirePermit(out var success, out _);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        success.RecordSuccess();
        breaker.TryAcquirePermit(out var failure, out _);
        _time.Advance(TimeSpan.FromSeconds(2));
        failure.RecordFailure();

        var mine = durations.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name))
            .Select(m => (m.Value, m.Tags[ResilienceTelemetryNames.OutcomeTag]));
        mine.Should().Equal((0.25, "success"), (2.0, "failure"));
    }

    [Fact]
    public void Transitions_AreCountedWithFromAndTo()
    {
        using var transitions = new MetricCollector<long>(CircuitBreakerMetrics.Transitions);
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions { FailureThreshold = 1 }, _time);

        breaker.TryAcquirePermit(out var permit, out _);
        permit.RecordFailure();
        _time.Advance(TimeSpan.FromSeconds(61));
        breaker.TryAcquirePermit(out var probe, out _);
        probe.RecordSuccess();
        breaker.Isolate();

        var mine = transitions.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name))
            .Select(m => $"{m.Tags[ResilienceTelemetryNames.FromStateTag]}->{m.Tags[ResilienceTelemetryNames.ToStateTag]}");
        mine.Should().Equal("closed->open", "open->half_open", "half_open->closed", "closed->isolated");
    }

    [Fact]
    public void Rejection_AddsAnEventToTheCurrentActivity()
    {
        using var source = new ActivitySource("Resilience.Tests.Breaker." + _name);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name || s.Name == ResilienceTelemetryNames.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var breaker = new CircuitBreaker(_name, timeProvider: _time);
        breaker.Isolate();
        using var activity = source.StartActivity("call")!;

        breaker.TryAcquirePermit(out _, out _).Should().BeFalse();

        var e = activity.Events.Should().ContainSingle().Subject;
        e.Name.Should().Be(ResilienceTelemetryNames.RejectionEvent);
        e.Tags.Should().Contain(new KeyValuePair<string, object?>("circuit_breaker.state", "isolated"))
            .And.Contain(new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, _name));
    }

    private static async Task Throws<TException>(CircuitBreaker breaker)
        where TException : Exception, new()
    {
        var act = () => breaker.ExecuteAsync<int>(static _ => throw new TException()).AsTask();
        await act.Should().ThrowAsync<TException>();
    }

    private long Count(MetricCollector<long> collector, string outcome) => collector.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name) && Equals(m.Tags[ResilienceTelemetryNames.OutcomeTag], outcome))
        .Sum(m => m.Value);
}
