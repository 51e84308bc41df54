using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.Bulkhead;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Telemetry;

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>The public seams adapters use instead of Core's internals (#17): each does what the adapter relies on.</summary>
public sealed class CircuitBreakerAdapterSeamTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Isolate_ReturnsTheEpochOnce_EndIsolationEndsExactlyThatIsolation()
    {
        var breaker = new CircuitBreaker("payments", timeProvider: _time);

        var epoch = breaker.Isolate();
        breaker.Isolate().Should().BeNull("the circuit already was isolated, so this call placed nothing");

        epoch.Should().NotBeNull();
        breaker.EndIsolation(epoch!.Value).Should().BeTrue();
        breaker.State.Should().Be(CircuitState.Closed);
        breaker.EndIsolation(epoch.Value).Should().BeFalse("that isolation is over");
    }

    [Fact]
    public void EndIsolation_AfterAResetAndANewIsolation_ChangesNothing()
    {
        var breaker = new CircuitBreaker("payments", timeProvider: _time);
        var first = breaker.Isolate()!.Value;
        breaker.Reset();
        var second = breaker.Isolate()!.Value;

        breaker.EndIsolation(first).Should().BeFalse("a later isolation wins over an old one's end");

        breaker.State.Should().Be(CircuitState.Isolated);
        breaker.EndIsolation(second).Should().BeTrue();
    }

    [Fact]
    public void TrackStateGauges_ReportsTheBreakerUntilDisposed()
    {
        var name = "tracked-" + Guid.NewGuid().ToString("N");
        var breaker = new CircuitBreaker(name, timeProvider: _time);
        using var collector = new MetricCollector<int>(CircuitStateGauges.State);
        breaker.Isolate();

        var tracking = breaker.TrackStateGauges();
        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name) && m.Value == 1)
            .Tags[ResilienceTelemetryNames.CircuitStateTag].Should().Be("isolated");

        tracking.Dispose();
        tracking.Dispose();
        collector.Clear();
        collector.RecordObservableInstruments();
        collector.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], name));
    }

    [Fact]
    public void StateChangedWriteTo_WritesTheTransitionAsTheBreakerDoes()
    {
        var own = new RecordingListener();
        var other = new RecordingListener();
        var breaker = new CircuitBreaker("payments", new CircuitBreakerOptions { FailureThreshold = 1, TelemetryListener = own }, _time);
        breaker.StateChanged += (_, e) => e.WriteTo(other);

        breaker.Isolate();

        other.Events.Should().Equal(own.Events);
        other.Events.Should().ContainSingle().Which.Should().Be((ResilienceEventIds.CircuitIsolated, "payments"));
    }

    [Fact]
    public void RaiseAndCanRaise_ContainAThrowingListener_AndNothingIsAskedWithoutOne()
    {
        var throwing = new ThrowingListener();
        var e = new ResilienceEvent(ResilienceEventSource.RateLimiter, "limiter", 3301, "RateLimiterCallbackFailed", ResilienceEventSeverity.Error, "Limiter '{Name}'", [new("Name", "limiter")]);

        ResilienceTelemetryListener.CanRaise(null, ResilienceEventSource.RateLimiter, ResilienceEventSeverity.Error).Should().BeFalse();
        ResilienceTelemetryListener.CanRaise(throwing, ResilienceEventSource.RateLimiter, ResilienceEventSeverity.Error).Should().BeTrue();
        FluentActions.Invoking(() => ResilienceTelemetryListener.Raise(throwing, e)).Should().NotThrow();

        throwing.Writes.Should().Be(2, "the event, then the listener-failed report (6001) of the first failure");
        e.FormatMessage().Should().Be("Limiter 'limiter'");
    }

    [Fact]
    public async Task BulkheadSlots_TakenByHand_CountAgainstTheStage_AndAFullBulkheadCountsARejection()
    {
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 1, QueueLimit = 0 });

        bulkhead.TryAcquireSlot().Should().BeTrue();
        bulkhead.InFlight.Should().Be(1);
        bulkhead.TryAcquireSlot().Should().BeFalse();
        (await bulkhead.AcquireSlotAsync()).Should().BeFalse("the queue has no room");
        bulkhead.Rejected.Should().Be(2);

        bulkhead.ReleaseSlot();
        bulkhead.InFlight.Should().Be(0);
        (await bulkhead.AcquireSlotAsync()).Should().BeTrue();
        bulkhead.ReleaseSlot();

        bulkhead.Dispose();
        bulkhead.IsDisposed.Should().BeTrue();
        FluentActions.Invoking(() => bulkhead.TryAcquireSlot()).Should().Throw<ObjectDisposedException>();
    }

    private sealed class RecordingListener : ResilienceTelemetryListener
    {
        public List<(int Id, string Source)> Events { get; } = [];

        public override void Write(in ResilienceEvent resilienceEvent) => Events.Add((resilienceEvent.Id, resilienceEvent.SourceName));
    }

    private sealed class ThrowingListener : ResilienceTelemetryListener
    {
        public int Writes { get; private set; }

        public override void Write(in ResilienceEvent resilienceEvent)
        {
            Writes++;
            throw new InvalidOperationException("listener broke");
        }
    }
}
