using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

/// <summary>A disposed manager refuses new calls instead of silently timing nothing; a pipeline releases the managers it created.</summary>
public sealed class TimeoutManagerDisposeTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var manager = new TimeoutManager(timeProvider: _time);
        manager.Dispose();

        await manager.Invoking(m => m.ExecuteAsync(null, static _ => ValueTask.FromResult(1)).AsTask())
            .Should().ThrowAsync<ObjectDisposedException>().WithMessage("*TimeoutManager*");
    }

    [Fact]
    public async Task Stage_ManagerDisposed_CallFaultsWithObjectDisposed()
    {
        var manager = new TimeoutManager(timeProvider: _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(manager).Build();
        manager.Dispose();

        var pending = pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        await pending.AsTask().Invoking(t => t).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task Dispose_CallInFlight_StillTimesOutAndTheTimerStopsAfterIt()
    {
        var manager = new TimeoutManager(timeProvider: _time);
        var call = manager.ExecuteAsync(OperationTypes.HealthCheck, WaitForCancellation).AsTask();

        manager.Dispose();
        _time.Advance(TimeSpan.FromSeconds(10) + manager.TimerResolution);

        await call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).Invoking(t => t)
            .Should().ThrowAsync<TimeoutRejectedException>("a call admitted before Dispose keeps its deadline");
        _time.Advance(manager.TimerResolution);
        manager.Wheel.IsRunning.Should().BeFalse();
        manager.Wheel.LinkedCount.Should().Be(0);
    }

    [Fact]
    public async Task Dispose_Idle_StopsTheTimerAtOnce()
    {
        var manager = new TimeoutManager(timeProvider: _time);
        await manager.ExecuteAsync(null, static _ => ValueTask.FromResult(1));
        manager.Wheel.IsRunning.Should().BeTrue("the idle scope is still linked");

        manager.Dispose();

        manager.Wheel.IsRunning.Should().BeFalse();
        manager.Wheel.LinkedCount.Should().Be(0);
    }

    [Fact]
    public async Task PipelineDispose_ReleasesTheManagersItCreatedButNotSharedOnes()
    {
        using var shared = new TimeoutManager(timeProvider: _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(TimeSpan.FromSeconds(5))
            .AddTimeout(shared)
            .Build();
        (await pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1))).Should().Be(1);

        pipeline.Dispose();

        await pipeline.Invoking(p => p.ExecuteAsync(static _ => ValueTask.FromResult(1)).AsTask())
            .Should().ThrowAsync<ObjectDisposedException>();
        (await shared.ExecuteAsync(null, static _ => ValueTask.FromResult(2))).Should().Be(2, "the pipeline did not create it");
    }

    private static ValueTask<int> WaitForCancellation(CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => tcs.TrySetCanceled(ct));
        return new ValueTask<int>(tcs.Task);
    }
}
