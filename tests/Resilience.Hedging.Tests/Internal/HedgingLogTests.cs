using Resilience.Hedging.Internal;
using Resilience.Telemetry;

namespace Resilience.Hedging.Tests.Internal;

/// <summary>The hedging stage raises its events through Core's public seam (<see cref="ResilienceTelemetryListener.Raise"/>),
/// with Core's guarantees: nothing is built when nobody listens, and the listener sees the stage's ids and levels.</summary>
public sealed class HedgingLogTests
{
    [Fact]
    public void NoListenerOrDisabledListener_AllocatesNothing()
    {
        var disabled = new RecordingListener { Enabled = false };
        void FailurePath(ResilienceTelemetryListener? listener)
        {
            HedgingLog.HedgedAttempt(listener, "search", 1, 2, HedgingConstants.DelayTrigger);
            HedgingLog.BudgetExhausted(listener, "search", 2);
            HedgingLog.CallbackFailed(listener, "search", "OnHedging", "System.InvalidOperationException");
        }

        FailurePath(null);
        FailurePath(disabled);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            FailurePath(null);
            FailurePath(disabled);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        disabled.Events.Should().BeEmpty();
        disabled.AskedCount.Should().Be(1001 * 3);
    }

    [Fact]
    public void Listener_SeesEachEventWithItsIdLevelAndSource()
    {
        var listener = new RecordingListener();

        HedgingLog.HedgedAttempt(listener, "search", 1, 2, HedgingConstants.FailureTrigger);
        HedgingLog.BudgetExhausted(listener, "search", 2);
        HedgingLog.CallbackFailed(listener, "search", "OnHedging", "System.InvalidOperationException");

        listener.Events.Select(e => (e.Id, e.Severity, e.Source, e.SourceName)).Should().Equal(
            (HedgingConstants.HedgedAttemptEventId, ResilienceEventSeverity.Information, ResilienceEventSource.Hedging, "search"),
            (HedgingConstants.BudgetExhaustedEventId, ResilienceEventSeverity.Warning, ResilienceEventSource.Hedging, "search"),
            (HedgingConstants.CallbackFailedEventId, ResilienceEventSeverity.Error, ResilienceEventSource.Hedging, "search"));
    }

    private sealed class RecordingListener : ResilienceTelemetryListener
    {
        public bool Enabled { get; init; } = true;

        public int AskedCount { get; private set; }

        public List<ResilienceEvent> Events { get; } = [];

        public override bool IsEnabled(ResilienceEventSource source, ResilienceEventSeverity severity)
        {
            AskedCount++;
            return Enabled;
        }

        public override void Write(in ResilienceEvent resilienceEvent) => Events.Add(resilienceEvent);
    }
}
