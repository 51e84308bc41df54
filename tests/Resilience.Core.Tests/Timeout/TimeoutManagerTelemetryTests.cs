using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

public sealed class TimeoutManagerTelemetryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteAsync_TimesOut_CountsTheTimeoutWithItsOperationType()
    {
        var operationType = "telemetry-" + Guid.NewGuid().ToString("N");
        using var manager = new TimeoutManager(new TimeoutOptions { Timeouts = { [operationType] = TimeSpan.FromSeconds(2) } }, _time);
        using var timeouts = new MetricCollector<long>(ResilienceMetrics.Timeouts);

        await TimeOutAsync(operation => manager.ExecuteAsync(operationType, operation).AsTask());

        timeouts.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags[ResilienceTelemetryNames.TimeoutOperationTypeTag], operationType))
            .Sum(m => m.Value).Should().Be(1);
    }

    [Fact]
    public async Task Stage_InANamedPipeline_CountsTheTimeoutWithThePipelineName()
    {
        // On main a timeout carried only its operation type: two clients' timeouts were one series.
        var name = "telemetry-" + Guid.NewGuid().ToString("N");
        using var timeouts = new MetricCollector<long>(ResilienceMetrics.Timeouts);
        var pipeline = new ResiliencePipelineBuilder { Name = name, TimeProvider = _time }.AddTimeout(TimeSpan.FromSeconds(2)).Build();

        await TimeOutAsync(operation => pipeline.ExecuteAsync(operation).AsTask());

        var timeout = timeouts.GetMeasurementSnapshot().Should().ContainSingle(m => Equals(m.Tags[ResilienceTelemetryNames.TimeoutNameTag], name)).Subject;
        timeout.Tags[ResilienceTelemetryNames.TimeoutOperationTypeTag].Should().Be("standard_request");
    }

    [Fact]
    public void Manager_WithoutAName_IsNamedDefault_AndOptionsNameIt()
    {
        using var unnamed = new TimeoutManager();
        using var named = new TimeoutManager(new TimeoutOptions { Name = "inventory" });

        unnamed.Name.Should().Be("default");
        named.Name.Should().Be("inventory");
    }

    /// <summary>Runs an operation that waits forever on its token through <paramref name="execute"/>, moves the clock past a 2 s timeout, and expects the timeout.</summary>
    private async Task TimeOutAsync(Func<Func<CancellationToken, ValueTask<int>>, Task<int>> execute)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = execute(async ct =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, _time, ct);
            return 0;
        });
        await started.Task;
        _time.Advance(TimeSpan.FromSeconds(3));

        await call.Awaiting(c => c).Should().ThrowAsync<TimeoutRejectedException>();
    }
}
