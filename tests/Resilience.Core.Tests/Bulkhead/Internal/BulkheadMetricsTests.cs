using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.Bulkhead;
using Resilience.Bulkhead.Internal;

namespace Resilience.Core.Tests.Bulkhead.Internal;

/// <summary>The meter is process-wide, so each test uses its own bulkhead name and reads only its own measurements.</summary>
public sealed class BulkheadMetricsTests
{
    [Fact]
    public async Task Instruments_FullBulkhead_ReportInFlightQueuedAndRejections()
    {
        // Arrange: one slot taken, one caller queued.
        var name = "bulkhead-" + Guid.NewGuid().ToString("N");
        using var inFlight = new MetricCollector<int>(BulkheadMetrics.InFlight);
        using var queued = new MetricCollector<int>(BulkheadMetrics.Queued);
        using var rejections = new MetricCollector<long>(BulkheadMetrics.Rejections);
        using var bulkhead = new BulkheadStrategy(new BulkheadOptions { Name = name, MaxConcurrency = 1, QueueLimit = 1 });
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = bulkhead.ExecuteAsync(_ => new ValueTask<int>(gate.Task));
        var waiting = bulkhead.ExecuteAsync(_ => ValueTask.FromResult(2));

        // Act: a third caller is rejected; the gauges are observed.
        var act = () => bulkhead.ExecuteAsync(_ => ValueTask.FromResult(3)).AsTask();
        await act.Should().ThrowAsync<BulkheadRejectedException>();
        inFlight.RecordObservableInstruments();
        queued.RecordObservableInstruments();

        // Assert
        Last(inFlight, name).Should().Be(1);
        Last(queued, name).Should().Be(1);
        rejections.GetMeasurementSnapshot().Where(m => Equals(m.Tags["bulkhead.name"], name)).Sum(m => m.Value).Should().Be(1);
        gate.SetResult(1);
        await holder;
        await waiting;
        inFlight.RecordObservableInstruments();
        Last(inFlight, name).Should().Be(0);
    }

    [Fact]
    public void Gauges_DisposedBulkhead_NoLongerObserved()
    {
        var name = "bulkhead-" + Guid.NewGuid().ToString("N");
        using var inFlight = new MetricCollector<int>(BulkheadMetrics.InFlight);
        new BulkheadStrategy(new BulkheadOptions { Name = name }).Dispose();

        inFlight.RecordObservableInstruments();

        inFlight.GetMeasurementSnapshot().Should().NotContain(m => Equals(m.Tags["bulkhead.name"], name));
    }

    private static int Last(MetricCollector<int> collector, string name) =>
        collector.GetMeasurementSnapshot().Last(m => Equals(m.Tags["bulkhead.name"], name)).Value;
}
