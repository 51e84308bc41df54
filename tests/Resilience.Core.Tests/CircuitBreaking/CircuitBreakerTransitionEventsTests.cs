using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.Telemetry;

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>A breaker writes its own transitions (1001 opened, 1003 half-opened, 1002 closed) to its telemetry listener, once each.</summary>
public sealed class CircuitBreakerTransitionEventsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public void StandaloneBreaker_WithTelemetryListener_WritesOpenedHalfOpenedClosed()
    {
        var listener = new IdListener();
        var breaker = new CircuitBreaker("payments", new CircuitBreakerOptions { FailureThreshold = 1, TelemetryListener = listener }, _time);

        CycleOnce(breaker);

        listener.Ids.Should().Equal(ResilienceEventIds.CircuitOpened, ResilienceEventIds.CircuitHalfOpened, ResilienceEventIds.CircuitClosed);
    }

    [Fact]
    public void RegistryBreaker_WritesEachTransitionOnce()
    {
        var listener = new IdListener();
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = 1 }, timeProvider: _time, subscribeToReloads: null, telemetryListener: listener);

        CycleOnce(registry.GetOrCreate("payments"));

        listener.Ids.Should().Equal(ResilienceEventIds.CircuitOpened, ResilienceEventIds.CircuitHalfOpened, ResilienceEventIds.CircuitClosed);
    }

    [Fact]
    public void RegistryBreaker_WhoseOptionsNameAListener_WritesThereOnly()
    {
        var registryListener = new IdListener();
        var own = new IdListener();
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = 1, TelemetryListener = own }, timeProvider: _time, subscribeToReloads: null, telemetryListener: registryListener);

        CycleOnce(registry.GetOrCreate("payments"));

        own.Ids.Should().Equal(ResilienceEventIds.CircuitOpened, ResilienceEventIds.CircuitHalfOpened, ResilienceEventIds.CircuitClosed);
        registryListener.Ids.Should().BeEmpty("the breaker's own listener replaces the registry's, as for what it absorbs");
    }

    private void CycleOnce(CircuitBreaker breaker)
    {
        breaker.TryAcquirePermit(out var failing, out _).Should().BeTrue();
        failing.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open);

        _time.Advance(TimeSpan.FromMinutes(1));
        breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue("the break is over, so a probe is admitted");
        probe.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    private sealed class IdListener : ResilienceTelemetryListener
    {
        public List<int> Ids { get; } = [];

        public override void Write(in ResilienceEvent resilienceEvent)
        {
            if (resilienceEvent.Id is >= ResilienceEventIds.CircuitOpened and <= ResilienceEventIds.CircuitIsolated)
            {
                Ids.Add(resilienceEvent.Id);
            }
        }
    }
}
