using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.TestUtilities.Logging;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;
using Resilience.Registry;
using Resilience.Telemetry;

namespace Resilience.Monitoring.Tests.Monitoring;

/// <summary>The monitor following a registry through its added/removed events (moved from the registry's tests).</summary>
public sealed class CircuitBreakerMonitorWatchTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GetOrCreate_WithMonitorAndLogger_MonitorsBreakerAndLogsTransitions()
    {
        var logger = new FakeLogger();
        using var monitor = new CircuitBreakerMonitor(new CircuitMonitorOptions(), _time, []);
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions { FailureThreshold = 1 }, timeProvider: _time, subscribeToReloads: null, telemetryListener: FakeLoggerListener.For(logger));
        monitor.Watch(registry);
        var breaker = registry.GetOrCreate("payment-api");

        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();
        var dashboard = monitor.GetDashboard();

        dashboard.Summary.Open.Should().Be(1);
        dashboard.Breakers.Single().RecentChanges.Should().ContainSingle().Which.To.Should().Be(CircuitState.Open);
        var log = logger.Collector.GetSnapshot().Should().ContainSingle().Subject;
        log.Id.Id.Should().Be(1001 /* CircuitOpened */);
        log.Level.Should().Be(LogLevel.Warning);
        log.Message.Should().Contain("payment-api").And.Contain("FailureThresholdReached");
    }

    [Fact]
    public void Remove_OldEntryDetachedAfterTheNameWasCreatedAgain_NewBreakerStaysMonitored()
    {
        using var monitor = new CircuitBreakerMonitor(new CircuitMonitorOptions(), _time, []);
        CircuitBreakerRegistry? registry = null;
        CircuitBreaker? newer = null;
        var creations = 0;
        registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(),
            optionsFactory: name =>
            {
                if (++creations == 1)
                {
                    // While the first breaker is being created, the name is removed and created again.
                    registry!.Remove(name).Should().BeTrue();
                    newer = registry.GetOrCreate(name);
                }

                return new CircuitBreakerOptions();
            },
            timeProvider: _time,
            subscribeToReloads: null,
            telemetryListener: null);
        monitor.Watch(registry);
        using (registry)
        {
            var older = registry.GetOrCreate("svc");
            newer!.Isolate();

            older.Should().NotBeSameAs(newer);
            registry.TryGet("svc", out var current).Should().BeTrue();
            current.Should().BeSameAs(newer);
            monitor.MonitoredNames.Should().Equal(["svc"], "detaching the removed entry must not untrack the newer breaker of the same name");
            monitor.GetDashboard().Breakers.Single().State.Should().Be(CircuitState.Isolated);
        }
    }
}
