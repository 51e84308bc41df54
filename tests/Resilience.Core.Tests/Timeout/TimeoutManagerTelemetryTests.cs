using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

public sealed class TimeoutManagerTelemetryTests
{
    [Fact]
    public async Task ExecuteAsync_TimesOut_CountsTheTimeoutWithItsOperationType()
    {
        var time = new FakeTimeProvider();
        var operationType = "telemetry-" + Guid.NewGuid().ToString("N");
        using var manager = new TimeoutManager(new TimeoutOptions { Timeouts = { [operationType] = TimeSpan.FromSeconds(2) } }, time);
        using var timeouts = new MetricCollector<long>(ResilienceMetrics.Timeouts);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = manager.ExecuteAsync(operationType, async ct =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, time, ct);
            return 0;
        }).AsTask();
        await started.Task;
        time.Advance(TimeSpan.FromSeconds(3));

        await call.Awaiting(c => c).Should().ThrowAsync<TimeoutRejectedException>();
        timeouts.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[ResilienceTelemetryNames.TimeoutOperationTypeTag], operationType))
            .Sum(m => m.Value).Should().Be(1);
    }
}
