using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.TestUtilities.Logging;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Registry;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Core.Tests.TestSupport;
using Resilience.DependencyInjection;

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>What the breaker absorbs instead of throwing is logged (rate-limited) and counted; each test uses its own name.</summary>
public sealed class CircuitBreakerDiagnosticsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _name = "diagnostics-" + Guid.NewGuid().ToString("N");
    private readonly FakeLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;

    public CircuitBreakerDiagnosticsTests() => _loggerFactory = new LoggerFactory([_logs]);

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public void StateChanged_HandlerThrows_IsCountedEveryTimeAndLoggedAtPowersOfTwo()
    {
        using var errors = new MetricCollector<long>(CircuitBreakerMetrics.CallbackErrors);
        var breaker = Create(new CircuitBreakerOptions { FailureThreshold = 1 });
        breaker.StateChanged += (_, _) => throw new InvalidOperationException("subscriber bug");

        // Three transitions: isolate, reset, isolate.
        breaker.Isolate();
        breaker.Reset();
        breaker.Isolate();

        var measurements = errors.GetMeasurementSnapshot().Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name)).ToList();
        measurements.Should().HaveCount(3);
        measurements.Should().OnlyContain(m =>
            Equals(m.Tags[ResilienceTelemetryNames.CallbackTag], "state_changed")
            && Equals(m.Tags[ResilienceTelemetryNames.ErrorTypeTag], "System.InvalidOperationException"));
        var logged = Logged(ResilienceEventIds.CircuitStateChangedHandlerFailed);
        logged.Should().HaveCount(2, "the 1st and the 2nd occurrence are logged, the 3rd is not (then the 4th, the 8th...)");
        logged.Should().OnlyContain(r => r.Level == LogLevel.Error && r.Message.Contains(_name) && r.Message.Contains("System.InvalidOperationException"));
        logged.Should().NotContain(r => r.Message.Contains("subscriber bug"), "exception messages can carry secrets; only the type is logged");
    }

    [Fact]
    public void Open_BreakDurationGeneratorThrows_IsLoggedAndCounted()
    {
        using var errors = new MetricCollector<long>(CircuitBreakerMetrics.CallbackErrors);
        var breaker = Create(new CircuitBreakerOptions { FailureThreshold = 1, BreakDurationGenerator = _ => throw new FormatException() });

        breaker.AcquirePermit().RecordFailure();

        breaker.State.Should().Be(CircuitState.Open);
        errors.GetMeasurementSnapshot().Should().ContainSingle(m =>
            Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name)
            && Equals(m.Tags[ResilienceTelemetryNames.CallbackTag], "break_duration_generator")
            && Equals(m.Tags[ResilienceTelemetryNames.ErrorTypeTag], "System.FormatException"));
        Logged(ResilienceEventIds.CircuitBreakDurationGeneratorFailed).Should().ContainSingle().Which.Level.Should().Be(LogLevel.Error);
    }

    [Fact]
    public void Record_SlowSuccess_IsLoggedAndCounted()
    {
        using var slow = new MetricCollector<long>(CircuitBreakerMetrics.SlowCalls);
        var breaker = Create(new CircuitBreakerOptions { FailureThreshold = 5, SlowCallDuration = TimeSpan.FromSeconds(1) });

        var permit = breaker.AcquirePermit();
        _time.Advance(TimeSpan.FromSeconds(2));
        permit.RecordSuccess();

        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(1);
        slow.GetMeasurementSnapshot().Where(m => Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name)).Sum(m => m.Value).Should().Be(1);
        Logged(ResilienceEventIds.CircuitSlowCall).Should().ContainSingle().Which.Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public void Record_OutcomeOfAnEarlierState_IsLoggedAndCountedWithItsOutcome()
    {
        using var stale = new MetricCollector<long>(CircuitBreakerMetrics.StaleOutcomes);
        var breaker = Create(new CircuitBreakerOptions { FailureThreshold = 5 });
        var permit = breaker.AcquirePermit();
        breaker.Isolate();

        permit.RecordFailure();

        stale.GetMeasurementSnapshot().Should().ContainSingle(m =>
            Equals(m.Tags[ResilienceTelemetryNames.CircuitBreakerNameTag], _name) && Equals(m.Tags[ResilienceTelemetryNames.OutcomeTag], "failure"));
        Logged(ResilienceEventIds.CircuitStaleOutcome).Should().ContainSingle().Which.Level.Should().Be(LogLevel.Debug);
    }

    [Fact]
    public void Registry_BreakerWithoutAListener_LogsWhatItAbsorbsToTheRegistryListener()
    {
        var logger = new FakeLogger();
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions(), timeProvider: _time, subscribeToReloads: null, telemetryListener: FakeLoggerListener.For(logger));
        var breaker = registry.GetOrCreate(_name);
        breaker.StateChanged += (_, _) => throw new InvalidOperationException();

        breaker.Isolate();

        logger.Collector.GetSnapshot().Select(r => r.Id.Id).Should().Contain(ResilienceEventIds.CircuitStateChangedHandlerFailed);
    }

    private CircuitBreaker Create(CircuitBreakerOptions options)
    {
        options.TelemetryListener = _loggerFactory.CreateResilienceTelemetryListener();
        return new CircuitBreaker(_name, options, _time);
    }

    private List<FakeLogRecord> Logged(int eventId) => _logs.Collector.GetSnapshot().Where(r => r.Id.Id == eventId).ToList();
}
