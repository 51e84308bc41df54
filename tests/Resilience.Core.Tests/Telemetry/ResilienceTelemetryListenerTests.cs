using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;
using Resilience.Registry;
using Resilience.Retry;
using Resilience.Retry.Internal;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Timeout;
using Resilience.Timeout.Internal;

namespace Resilience.Core.Tests.Telemetry;

/// <summary>The dependency-free telemetry seam: what a listener receives, what it costs when nobody listens, and what
/// happens when a listener throws.</summary>
public sealed class ResilienceTelemetryListenerTests
{
    private readonly string _name = "svc-" + Guid.NewGuid().ToString("N");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Retry_RaisesRetryAttemptWithItsFields()
    {
        var listener = new RecordingListener();
        var calls = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryOptions { Name = _name, MaxAttempts = 3, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, TelemetryListener = listener })
            .Build();

        await pipeline.ExecuteAsync(_ => ++calls == 1 ? throw new IOException("https://host/?token=secret") : ValueTask.FromResult(1));

        var e = listener.Events.Should().ContainSingle().Which;
        e.Source.Should().Be(ResilienceEventSource.Retry);
        e.SourceName.Should().Be(_name);
        e.Id.Should().Be(ResilienceEventIds.RetryAttempt);
        e.Name.Should().Be("RetryAttempt");
        e.Severity.Should().Be(ResilienceEventSeverity.Warning);
        e.MessageTemplate.Should().Be("Retry attempt {Attempt}/{MaxAttempts} after {Delay} delay. Error: {Error}");
        e.Properties.Should().Equal(
            new KeyValuePair<string, object?>("Attempt", 1),
            new KeyValuePair<string, object?>("MaxAttempts", 3),
            new KeyValuePair<string, object?>("Delay", TimeSpan.Zero),
            new KeyValuePair<string, object?>("Error", "System.IO.IOException"));
        e.Message.Should().Be("Retry attempt 1/3 after 00:00:00 delay. Error: System.IO.IOException").And.NotContain("secret");
    }

    [Fact]
    public async Task Timeout_RaisesTimedOutWithItsFields()
    {
        var listener = new RecordingListener();
        using var manager = new TimeoutManager(new TimeoutOptions { Name = _name, TelemetryListener = listener }, _time);
        var task = manager.ExecuteAsync(OperationTypes.HealthCheck, static token =>
        {
            var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            token.Register(() => never.TrySetCanceled(token));
            return new ValueTask<int>(never.Task);
        }).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10) + manager.TimerResolution);

        await task.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();
        var e = listener.Events.Should().ContainSingle().Which;
        e.Source.Should().Be(ResilienceEventSource.Timeout);
        e.SourceName.Should().Be(_name);
        e.Id.Should().Be(ResilienceEventIds.TimedOut);
        e.Severity.Should().Be(ResilienceEventSeverity.Error);
        e.Properties.Should().Equal(
            new KeyValuePair<string, object?>("OperationType", OperationTypes.HealthCheck),
            new KeyValuePair<string, object?>("Timeout", TimeSpan.FromSeconds(10)));
        e.Message.Should().Be("Operation 'health_check' timed out after 00:00:10");
    }

    [Fact]
    public void CircuitBreaker_RaisesWhatItAbsorbsWithItsFields()
    {
        var listener = new RecordingListener();
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions { TelemetryListener = listener }, _time);
        breaker.StateChanged += (_, _) => throw new InvalidOperationException("subscriber bug at https://host/?token=secret");

        breaker.Isolate();

        // The transition itself first (a breaker writes its own transitions), then the handler's failure.
        listener.Events.Select(x => x.Id).Should().Equal(ResilienceEventIds.CircuitIsolated, ResilienceEventIds.CircuitStateChangedHandlerFailed);
        var e = listener.Events[1];
        e.Source.Should().Be(ResilienceEventSource.CircuitBreaker);
        e.SourceName.Should().Be(_name);
        e.Id.Should().Be(ResilienceEventIds.CircuitStateChangedHandlerFailed);
        e.Name.Should().Be("CircuitStateChangedHandlerFailed");
        e.Severity.Should().Be(ResilienceEventSeverity.Error);
        e.Properties.Select(p => p.Key).Should().Equal("CircuitBreakerName", "ErrorType", "Occurrences");
        e.Properties[1].Value.Should().Be("System.InvalidOperationException");
        e.Properties[2].Value.Should().Be(1L);
        e.Message.Should().NotContain("secret");
    }

    [Fact]
    public void Registry_RaisesTransitionsOnItsListener()
    {
        var listener = new RecordingListener();
        using var registry = new CircuitBreakerRegistry(
            new CircuitBreakerRegistryOptions(), optionsFactory: _ => new CircuitBreakerOptions(), timeProvider: _time, subscribeToReloads: null, telemetryListener: listener);

        registry.GetOrCreate(_name).Isolate();

        var e = listener.Events.Should().ContainSingle().Which;
        e.Source.Should().Be(ResilienceEventSource.CircuitBreaker);
        e.SourceName.Should().Be(_name);
        e.Id.Should().Be(ResilienceEventIds.CircuitIsolated);
        e.Severity.Should().Be(ResilienceEventSeverity.Warning);
        e.Message.Should().Be($"Circuit breaker '{_name}' was isolated by hand: every call is rejected until it is reset.");
    }

    [Fact]
    public void DisabledSeverity_IsAskedWithTheSourceAndNothingIsWritten()
    {
        var listener = new RecordingListener { Enabled = false };

        Log.SlowCall(listener, _name, 1);

        listener.AskedCount.Should().Be(1);
        listener.LastAsked.Should().Be((ResilienceEventSource.CircuitBreaker, ResilienceEventSeverity.Warning));
        listener.Events.Should().BeEmpty();
    }

    [Fact]
    public void NoListenerOrDisabledSeverity_AllocatesNothingOnTheWarmedFailurePath()
    {
        var disabled = new RecordingListener { Enabled = false };
        var silent = new CircuitBreakerDiagnostics(_name, null);
        var filtered = new CircuitBreakerDiagnostics(_name, disabled);
        var failed = new OutcomeArguments(new IOException(), null, ResilienceContext.Get());
        void FailurePath(ResilienceTelemetryListener? listener, CircuitBreakerDiagnostics diagnostics)
        {
            diagnostics.SlowCall();
            diagnostics.StaleOutcome(OutcomeKind.Failure);
            Log.CircuitOpened(listener, _name, "FailureThresholdReached", TimeSpan.FromSeconds(1));
            Log.OptionsReloadRejected(listener, _name, "errors");
            RetryLog.RetryAttempt(listener, _name, 1, 3, TimeSpan.Zero, failed);
            TimeoutLog.TimedOut(listener, _name, OperationTypes.HealthCheck, TimeSpan.FromSeconds(1));
        }

        FailurePath(null, silent);
        FailurePath(disabled, filtered);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            FailurePath(null, silent);
            FailurePath(disabled, filtered);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        disabled.Events.Should().BeEmpty();
        disabled.AskedCount.Should().Be((1001 * 4) + (2 * 10), "each of the four direct events asked every time; the breaker's two rate-limited ones at the 10 powers of two up to 1001");

        // The measurement sees allocations: the same path with a listener builds events.
        var enabled = new RecordingListener { Keep = false };
        before = GC.GetAllocatedBytesForCurrentThread();
        FailurePath(enabled, new CircuitBreakerDiagnostics(_name, enabled));
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BePositive();
    }

    [Fact]
    public async Task ThrowingListener_NeverBreaksTheCall_IsCountedEveryTimeAndReportedAtPowersOfTwo()
    {
        using var errors = new MetricCollector<long>(ResilienceMetrics.TelemetryListenerErrors);
        var listener = new ThrowingListener();
        var calls = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryOptions { Name = _name, MaxAttempts = 6, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, TelemetryListener = listener })
            .Build();

        var result = await pipeline.ExecuteAsync(_ => ++calls < 6 ? throw new IOException() : ValueTask.FromResult(42));

        result.Should().Be(42, "five retries, each event throwing, and the call still succeeded");
        errors.GetMeasurementSnapshot().Where(m => Equals(m.Tags[ResilienceTelemetryNames.ErrorTypeTag], typeof(ListenerBugException).FullName))
            .Should().HaveCount(5, "every lost event is counted");
        listener.Reports.Should().HaveCount(3, "the 1st, 2nd and 4th failure are reported, the 3rd and 5th are not");
        var report = listener.Reports[0];
        report.Id.Should().Be(ResilienceEventIds.TelemetryListenerFailed);
        report.Source.Should().Be(ResilienceEventSource.Retry);
        report.SourceName.Should().Be(_name);
        report.Severity.Should().Be(ResilienceEventSeverity.Error);
        report.Message.Should().Be(
            $"The telemetry listener {typeof(ThrowingListener).FullName} threw {typeof(ListenerBugException).FullName} on event RetryAttempt; the event was lost and the call went on (1 so far, reported at powers of two).");
        listener.Reports.Select(r => r.Properties[3].Value).Should().Equal(1L, 2L, 4L);
    }

    [Fact]
    public void ListenerThatThrowsEverywhere_IsContainedWithoutRecursion()
    {
        var listener = new ThrowingListener { ThrowOnReports = true, ThrowOnIsEnabled = true };
        var breaker = new CircuitBreaker(_name, new CircuitBreakerOptions { TelemetryListener = listener }, _time);
        breaker.StateChanged += (_, _) => throw new InvalidOperationException();

        var act = () =>
        {
            breaker.Isolate();
            breaker.Reset();
        };

        act.Should().NotThrow();
        breaker.State.Should().Be(CircuitState.Closed);
        listener.IsEnabledCalls.Should().BeLessThan(10, "a failing report is not reported again");
    }

    [Fact]
    public void DefaultEvent_HasEmptyStringsAndNoProperties()
    {
        var e = default(ResilienceEvent);

        e.Name.Should().BeEmpty();
        e.SourceName.Should().BeEmpty();
        e.MessageTemplate.Should().BeEmpty();
        e.Properties.Should().BeEmpty();
        e.FormatMessage().Should().BeEmpty();
    }

    private sealed record RecordedEvent(
        ResilienceEventSource Source, string SourceName, int Id, string Name, ResilienceEventSeverity Severity, string MessageTemplate,
        IReadOnlyList<KeyValuePair<string, object?>> Properties, string Message);

    private sealed class RecordingListener : ResilienceTelemetryListener
    {
        public bool Enabled { get; init; } = true;

        public bool Keep { get; init; } = true;

        public List<RecordedEvent> Events { get; } = [];

        public int AskedCount { get; private set; }

        public (ResilienceEventSource, ResilienceEventSeverity) LastAsked { get; private set; }

        public override bool IsEnabled(ResilienceEventSource source, ResilienceEventSeverity severity)
        {
            AskedCount++;
            LastAsked = (source, severity);
            return Enabled;
        }

        public override void Write(in ResilienceEvent resilienceEvent)
        {
            if (Keep)
            {
                Events.Add(Copy(resilienceEvent));
            }
        }
    }

    private sealed class ThrowingListener : ResilienceTelemetryListener
    {
        public bool ThrowOnReports { get; init; }

        public bool ThrowOnIsEnabled { get; init; }

        public int IsEnabledCalls { get; private set; }

        public List<RecordedEvent> Reports { get; } = [];

        public override bool IsEnabled(ResilienceEventSource source, ResilienceEventSeverity severity)
        {
            IsEnabledCalls++;
            return !ThrowOnIsEnabled || IsEnabledCalls % 2 == 0 ? true : throw new ListenerBugException();
        }

        public override void Write(in ResilienceEvent resilienceEvent)
        {
            if (resilienceEvent.Id == ResilienceEventIds.TelemetryListenerFailed && !ThrowOnReports)
            {
                Reports.Add(Copy(resilienceEvent));
                return;
            }

            throw new ListenerBugException();
        }
    }

    private static RecordedEvent Copy(in ResilienceEvent e) =>
        new(e.Source, e.SourceName, e.Id, e.Name, e.Severity, e.MessageTemplate, [.. e.Properties], e.FormatMessage());

    private sealed class ListenerBugException : Exception;
}
