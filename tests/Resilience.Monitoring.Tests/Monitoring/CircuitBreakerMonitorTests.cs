using Resilience.Monitoring.Internal;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Resilience.CircuitBreaking;
using Resilience.Monitoring.Tests.TestDoubles;
using Resilience.Monitoring;
using Resilience.Telemetry;

namespace Resilience.Monitoring.Tests.Monitoring;

public sealed class CircuitBreakerMonitorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingAlertSink _sink = new();

    [Fact]
    public void GetDashboard_SeveralBreakers_SummarisesStatesAndOrdersRowsByName()
    {
        using var monitor = CreateMonitor();
        var a = Track(monitor, "b-service");
        var b = Track(monitor, "a-service");
        var c = Track(monitor, "c-service");
        b.TransitionTo(CircuitState.Open);
        c.TransitionTo(CircuitState.Open);
        c.TransitionTo(CircuitState.HalfOpen);
        a.WindowSuccesses = 7;
        a.WindowFailures = 3;

        var dashboard = monitor.GetDashboard();

        dashboard.Timestamp.Should().Be(_time.GetUtcNow());
        dashboard.Summary.Should().Be(new DashboardSummary(total: 3, closed: 1, open: 1, halfOpen: 1, isolated: 0));
        dashboard.Breakers.Select(s => s.Name).Should().Equal("a-service", "b-service", "c-service");
        var bRow = dashboard.Breakers[1];
        bRow.SuccessRate.Should().Be(70);
        bRow.FailureCount.Should().Be(3);
        bRow.HealthScore.Should().Be(90);
        dashboard.Breakers[0].HealthScore.Should().Be(45); // open (-50), one recent open (-5)
        dashboard.Breakers[2].RecentChanges.Select(x => x.To).Should().Equal(CircuitState.Open, CircuitState.HalfOpen);
        dashboard.Breakers[2].LastStateChange.Should().Be(_time.GetUtcNow());
    }

    [Fact]
    public void GetDashboard_MoreChangesThanCapacity_KeepsOnlyTheMostRecent()
    {
        using var monitor = CreateMonitor(o => o.RecentChangesCapacity = 10);
        var circuit = Track(monitor, "svc");
        for (var i = 0; i < 12; i++)
        {
            circuit.TransitionTo(i % 2 == 0 ? CircuitState.Open : CircuitState.Closed);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var ring = monitor.GetDashboard().Breakers.Single().RecentChanges;

        ring.Should().HaveCount(10);
        ring[0].Timestamp.Should().Be(_time.GetUtcNow() - TimeSpan.FromSeconds(10));
        ring[^1].Timestamp.Should().Be(_time.GetUtcNow() - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task GetDashboard_RulesHold_ListsActiveAlertsEveryTimeWithoutSendingThem()
    {
        using var monitor = CreateMonitor();
        Track(monitor, "z-down").TransitionTo(CircuitState.Open);
        var degraded = Track(monitor, "a-degraded");
        degraded.WindowSuccesses = 1;
        degraded.WindowFailures = 3;
        Track(monitor, "healthy");
        _time.Advance(TimeSpan.FromMinutes(6));
        await monitor.EvaluateAlertsAsync();

        var first = monitor.GetDashboard();
        var second = monitor.GetDashboard();

        first.Alerts.Select(a => (a.CircuitBreakerName, a.Kind)).Should().Equal(
            ("a-degraded", CircuitAlertKind.HighFailureRate),
            ("z-down", CircuitAlertKind.OpenTooLong));
        second.Alerts.Should().HaveCount(2, "the snapshot shows what holds now, not only what is new");
        _sink.Alerts.Should().HaveCount(2, "taking a snapshot sends nothing");
    }

    [Fact]
    public async Task EvaluateAlertsAsync_OpenLongerThanThreshold_SendsHighAlertOnceWithinDedupWindow()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "payment-api");
        circuit.TransitionTo(CircuitState.Open);
        circuit.BreakEndsAt = _time.GetUtcNow() + TimeSpan.FromMinutes(10);

        _time.Advance(TimeSpan.FromMinutes(5));
        (await monitor.EvaluateAlertsAsync()).Should().BeEmpty("exactly five minutes is not longer than the threshold");

        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await monitor.EvaluateAlertsAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await monitor.EvaluateAlertsAsync();

        first.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Kind = CircuitAlertKind.OpenTooLong,
            Severity = AlertSeverity.High,
            CircuitBreakerName = "payment-api",
        });
        first[0].Message.Should().Be("Circuit breaker payment-api has been open for 5 min 1 s; it admits probe calls in 4 min 59 s (at 12:10:00 UTC).");
        second.Should().BeEmpty();
        _sink.Alerts.Should().ContainSingle();
    }

    [Fact]
    public async Task EvaluateAlertsAsync_AfterDedupWindow_SendsTheAlertAgain()
    {
        using var monitor = CreateMonitor(o => o.DeduplicationWindow = TimeSpan.FromMinutes(10));
        Track(monitor, "svc").TransitionTo(CircuitState.Open);
        _time.Advance(TimeSpan.FromMinutes(6));
        await monitor.EvaluateAlertsAsync();

        _time.Advance(TimeSpan.FromMinutes(9));
        (await monitor.EvaluateAlertsAsync()).Should().BeEmpty();
        _time.Advance(TimeSpan.FromMinutes(1));
        (await monitor.EvaluateAlertsAsync()).Should().ContainSingle().Which.Kind.Should().Be(CircuitAlertKind.OpenTooLong);
    }

    [Fact]
    public async Task EvaluateAlertsAsync_SixChangesWithinAnHour_SendsMediumFlappingAlertOnce()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "flaky");
        Flap(circuit, 5, TimeSpan.FromMinutes(5));
        (await monitor.EvaluateAlertsAsync()).Should().BeEmpty("five changes are not more than five");

        Flap(circuit, 1, TimeSpan.FromMinutes(5));
        var alerts = await monitor.EvaluateAlertsAsync();
        Flap(circuit, 2, TimeSpan.FromMinutes(1));

        alerts.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = CircuitAlertKind.Flapping, Severity = AlertSeverity.Medium });
        (await monitor.EvaluateAlertsAsync()).Where(a => a.Kind == CircuitAlertKind.Flapping).Should().BeEmpty();
    }

    [Fact]
    public async Task EvaluateAlertsAsync_ChangesSpreadBeyondTheWindow_DoesNotReportFlapping()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "slow-flap");
        Flap(circuit, 8, TimeSpan.FromMinutes(15));

        (await monitor.EvaluateAlertsAsync()).Where(a => a.Kind == CircuitAlertKind.Flapping).Should().BeEmpty();
    }

    [Fact]
    public async Task EvaluateAlertsAsync_ClosedWithLowSuccessRate_SendsWarningOnce()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "degraded");
        circuit.WindowSuccesses = 4;
        circuit.WindowFailures = 6;

        var first = await monitor.EvaluateAlertsAsync();
        var second = await monitor.EvaluateAlertsAsync();

        first.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = CircuitAlertKind.HighFailureRate, Severity = AlertSeverity.Warning });
        first[0].Message.Should().Contain("60.0%");
        second.Should().BeEmpty();
    }

    [Theory]
    [InlineData(CircuitState.Closed, 5, 5)]
    [InlineData(CircuitState.Open, 1, 9)]
    [InlineData(CircuitState.Closed, 0, 0)]
    public async Task EvaluateAlertsAsync_SuccessRateAtThresholdOrCircuitNotClosed_NoFailureRateAlert(CircuitState state, int successes, int failures)
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "svc");
        if (state != CircuitState.Closed)
        {
            circuit.TransitionTo(state);
        }

        circuit.WindowSuccesses = successes;
        circuit.WindowFailures = failures;

        (await monitor.EvaluateAlertsAsync()).Where(a => a.Kind == CircuitAlertKind.HighFailureRate).Should().BeEmpty();
    }

    [Fact]
    public async Task EvaluateAlertsAsync_SinkThrows_OtherSinksStillReceiveAndFailureIsLogged()
    {
        var logger = new FakeLogger<CircuitBreakerMonitor>();
        var failing = new ThrowingSink(new HttpRequestException("POST https://hooks.example.com/x?token=SECRET failed"));
        using var monitor = new CircuitBreakerMonitor(new CircuitMonitorOptions(), _time, [failing, _sink], logger);
        var circuit = Track(monitor, "svc");
        circuit.WindowFailures = 10;

        await monitor.EvaluateAlertsAsync();

        _sink.Alerts.Should().ContainSingle();
        var record = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == MonitoringEventIds.AlertSinkFailed).Subject;
        record.Message.Should().Contain("HttpRequestException").And.NotContain("SECRET").And.NotContain("token");
    }

    [Fact]
    public void Post_ChannelFull_DropsOldestAndCountsEachDrop()
    {
        using var monitor = CreateMonitor(o => o.ChannelCapacity = 2);
        using var dropped = new MetricCollector<long>(MonitoringMetrics.Meter, MonitoringMetrics.MonitorEventsDroppedName);
        var circuit = Track(monitor, "storm");
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            circuit.TransitionTo(i % 2 == 0 ? CircuitState.Open : CircuitState.HalfOpen);
        }

        var dashboard = monitor.GetDashboard();

        monitor.DroppedEvents.Should().Be(3);
        dashboard.DroppedEvents.Should().Be(3);
        dashboard.Breakers.Single().RecentChanges.Select(c => c.Timestamp).Should().Equal(_time.GetUtcNow().AddSeconds(-1), _time.GetUtcNow());
        dropped.GetMeasurementSnapshot().EvaluateAsCounter().Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Untrack_Monitored_UnsubscribesAndRemovesRow()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "svc");

        monitor.Untrack("svc").Should().BeTrue();

        circuit.Subscribers.Should().Be(0);
        monitor.GetDashboard().Breakers.Should().BeEmpty();
        monitor.Untrack("svc").Should().BeFalse();
    }

    [Fact]
    public void Track_SameNameTwice_KeepsTheFirstAndSubscribesOnce()
    {
        using var monitor = CreateMonitor();
        var first = Track(monitor, "svc");
        var second = new FakeMonitoredCircuit("svc", _time);

        monitor.Track(second).Should().BeFalse();

        first.Subscribers.Should().Be(1);
        second.Subscribers.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_TransitionsArrive_ConsumerAppliesThemAndAlerts()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "flaky");
        using var cts = new CancellationTokenSource();
        var run = monitor.RunAsync(cts.Token);

        Flap(circuit, 6, TimeSpan.FromSeconds(10));
        var alert = await _sink.FirstAlert.WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await run;

        alert.Kind.Should().Be(CircuitAlertKind.Flapping);
        run.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_EvaluationIntervalElapses_RaisesOpenTooLongWithoutNewEvents()
    {
        using var monitor = CreateMonitor(o => o.EvaluationInterval = TimeSpan.FromMinutes(1));
        Track(monitor, "down").TransitionTo(CircuitState.Open);
        monitor.GetDashboard();
        using var cts = new CancellationTokenSource();
        var run = monitor.RunAsync(cts.Token);

        for (var i = 0; i < 6 && !_sink.FirstAlert.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var alert = await _sink.FirstAlert.WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await run;

        alert.Kind.Should().Be(CircuitAlertKind.OpenTooLong);
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingOptionAndValue()
    {
        var options = new CircuitMonitorOptions { ChannelCapacity = 0, FlappingChangeThreshold = 30 };

        var act = () => new CircuitBreakerMonitor(options, _time, []);

        act.Should().Throw<ArgumentException>()
            .WithParameterName("options")
            .WithMessage("*ChannelCapacity must be between 1 and 1000000; it was 0.*")
            .WithMessage("*RecentChangesCapacity must be greater than FlappingChangeThreshold (30), or flapping can never be detected; it was 20.*");
    }

    [Fact]
    public void Ctor_Defaults_MatchTheGuide()
    {
        var options = new CircuitMonitorOptions();

        options.OpenTooLongThreshold.Should().Be(TimeSpan.FromMinutes(5));
        options.FlappingChangeThreshold.Should().Be(5);
        options.FlappingWindow.Should().Be(TimeSpan.FromHours(1));
        options.HighFailureRateSuccessThreshold.Should().Be(50);
        options.DeduplicationWindow.Should().Be(TimeSpan.FromMinutes(15));
        options.EvaluationInterval.Should().Be(TimeSpan.FromSeconds(30));
        options.ChannelCapacity.Should().Be(1024);
        options.RecentChangesCapacity.Should().Be(20);
    }

    [Fact]
    public void GetDashboard_OpenBreakerWhoseBreakIsOver_SaysTheNextCallIsAProbe()
    {
        using var monitor = CreateMonitor(o => o.OpenTooLongThreshold = TimeSpan.FromSeconds(5));
        var circuit = Track(monitor, "search");
        circuit.TransitionTo(CircuitState.Open);
        circuit.BreakEndsAt = _time.GetUtcNow() + TimeSpan.FromSeconds(3);
        _time.Advance(TimeSpan.FromSeconds(8.4));

        var dashboard = monitor.GetDashboard();

        dashboard.Breakers.Single().BreakEndsAt.Should().Be(circuit.BreakEndsAt);
        dashboard.Alerts.Single().Message.Should().Be("Circuit breaker search has been open for 8.4 s; its break is over: the next call is a probe.");
    }

    [Fact]
    public async Task EvaluateAlertsAsync_FlappingWindow_IsWrittenForPeople()
    {
        using var monitor = CreateMonitor();
        var circuit = Track(monitor, "inventory");
        Flap(circuit, 6, TimeSpan.FromMinutes(1));

        var alerts = await monitor.EvaluateAlertsAsync();

        alerts.Single(a => a.Kind == CircuitAlertKind.Flapping).Message.Should().Be("Circuit breaker inventory is flapping: 6 state changes within 1 h.");
    }

    [Fact]
    public void GetDashboard_RealBreakerRecovered_NoHighFailureRateFromFailuresBeforeItClosed()
    {
        using var monitor = CreateMonitor();
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("orders", new CircuitBreakerOptions
        {
            TripPolicy = CircuitBreakerTripPolicy.FailureRatio,
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromSeconds(5),
        }, _time);
        monitor.Track(new Resilience.Monitoring.Internal.CircuitBreakerAdapter(breaker)).Should().BeTrue();
        Record(breaker, success: true);
        Record(breaker, success: false);
        Record(breaker, success: false);
        monitor.GetDashboard().Alerts.Should().ContainSingle(a => a.Kind == CircuitAlertKind.HighFailureRate, "a third of the calls succeed and the circuit is closed");
        Record(breaker, success: false);
        breaker.State.Should().Be(CircuitState.Open);

        _time.Advance(TimeSpan.FromSeconds(6));
        Record(breaker, success: true);
        breaker.State.Should().Be(CircuitState.Closed, "the probe succeeded");
        Record(breaker, success: true);
        Record(breaker, success: false);

        var dashboard = monitor.GetDashboard();
        dashboard.Breakers.Single().SuccessRate.Should().Be(50, "only the calls since it closed count");
        dashboard.Alerts.Should().NotContain(a => a.Kind == CircuitAlertKind.HighFailureRate);
    }

    private static void Record(Resilience.CircuitBreaking.CircuitBreaker breaker, bool success)
    {
        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        if (success)
        {
            permit.RecordSuccess();
        }
        else
        {
            permit.RecordFailure();
        }
    }

    private void Flap(FakeMonitoredCircuit circuit, int changes, TimeSpan step)
    {
        for (var i = 0; i < changes; i++)
        {
            circuit.TransitionTo(circuit.State == CircuitState.Open ? CircuitState.HalfOpen : CircuitState.Open);
            _time.Advance(step);
        }
    }

    private CircuitBreakerMonitor CreateMonitor(Action<CircuitMonitorOptions>? configure = null)
    {
        var options = new CircuitMonitorOptions();
        configure?.Invoke(options);
        return new CircuitBreakerMonitor(options, _time, [_sink]);
    }

    private FakeMonitoredCircuit Track(CircuitBreakerMonitor monitor, string name)
    {
        var circuit = new FakeMonitoredCircuit(name, _time);
        monitor.Track(circuit).Should().BeTrue();
        return circuit;
    }

    private sealed class ThrowingSink(Exception exception) : IAlertSink
    {
        public ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken) => ValueTask.FromException(exception);
    }
}
