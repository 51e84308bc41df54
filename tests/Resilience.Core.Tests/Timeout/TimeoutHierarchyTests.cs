using System.Diagnostics;
using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

/// <summary>
/// Nested timed calls take their cancellation from the caller at the root of the chain, and managers on the system clock
/// keep deadlines on the coarse OS tick: these tests pin both down.
/// </summary>
public sealed class TimeoutHierarchyTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteAsync_RootCallerCancelsNestedCall_InnerOperationCancelledNotTimedOut()
    {
        using var outer = new TimeoutManager(timeProvider: _time);
        using var inner = new TimeoutManager(timeProvider: _time);
        using var caller = new CancellationTokenSource();
        var innerStarted = new TaskCompletionSource();
        Task<int>? innerTask = null;

        var outerTask = outer.ExecuteAsync(
            OperationTypes.LongOperation,
            ct =>
            {
                innerTask = inner.ExecuteAsync(
                    OperationTypes.HealthCheck,
                    async innerCt =>
                    {
                        innerStarted.SetResult();
                        await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, _time, innerCt);
                        return 1;
                    },
                    cancellationToken: ct).AsTask();
                return new ValueTask<int>(innerTask);
            },
            cancellationToken: caller.Token).AsTask();
        await innerStarted.Task;

        await caller.CancelAsync();

        // OperationCanceledException, not TimeoutRejectedException: the caller cancelled and no deadline passed.
        await innerTask!.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        await outerTask.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ExecuteAsync_RootCallerAlreadyCancelled_NestedCallCancelledAtOnce()
    {
        using var outer = new TimeoutManager(timeProvider: _time);
        using var inner = new TimeoutManager(timeProvider: _time);
        using var caller = new CancellationTokenSource();
        var innerTokenCancelled = false;

        var outerTask = outer.ExecuteAsync(
            OperationTypes.LongOperation,
            async ct =>
            {
                await caller.CancelAsync();
                return await inner.ExecuteAsync(
                    OperationTypes.HealthCheck,
                    innerCt =>
                    {
                        innerTokenCancelled = innerCt.IsCancellationRequested;
                        return ValueTask.FromResult(1);
                    },
                    cancellationToken: ct);
            },
            cancellationToken: caller.Token).AsTask();

        (await outerTask).Should().Be(1, "a result that arrived is kept");
        innerTokenCancelled.Should().BeTrue("the inner call's token follows the root caller's");
    }

    [Fact]
    public async Task ExecuteAsync_InnerShorterThanOuter_InnerTimesOutAtItsOwnDeadlineAndOuterGoesOn()
    {
        using var outer = new TimeoutManager(timeProvider: _time);
        using var inner = new TimeoutManager(timeProvider: _time);
        Task<int>? innerTask = null;
        var innerEnded = new TaskCompletionSource();

        var outerTask = outer.ExecuteAsync(
            OperationTypes.LongOperation,
            async ct =>
            {
                innerTask = inner.ExecuteAsync<int>(
                    OperationTypes.HealthCheck,
                    async innerCt =>
                    {
                        await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, _time, innerCt);
                        return 1;
                    },
                    cancellationToken: ct).AsTask();
                try
                {
                    return await innerTask;
                }
                catch (TimeoutRejectedException)
                {
                    innerEnded.SetResult();
                    return 2;
                }
            }).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10) + inner.TimerResolution);
        await innerEnded.Task;

        var innerEx = (await innerTask!.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        innerEx.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        (await outerTask).Should().Be(2, "the outer 120 s deadline has not passed");
    }

    [Fact]
    public void Wheel_SystemClockAndCoarseTick_ReadsTheCoarseClock()
    {
        using var coarse = new TimeoutManager();
        using var fine = new TimeoutManager(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(1) });
        using var fake = new TimeoutManager(timeProvider: _time);

        coarse.Wheel.UsesCoarseClock.Should().BeTrue("the default 10 s shortest timeout gives a 312 ms tick");
        fine.Wheel.UsesCoarseClock.Should().BeFalse("a 31 ms tick is too fine for the OS tick's margin");
        fake.Wheel.UsesCoarseClock.Should().BeFalse("any provider but the system clock is read as it is");
    }

    [Fact]
    public async Task ExecuteAsync_CoarseClockTimeout_FiresNoEarlierThanTheDeadline()
    {
        // The real system clock: the smallest timeout that still puts the wheel on the coarse clock.
        var timeout = TimeSpan.FromMilliseconds(3200);
        using var manager = new TimeoutManager(new TimeoutOptions { Timeout = timeout });
        manager.Wheel.UsesCoarseClock.Should().BeTrue();
        var started = Stopwatch.GetTimestamp();

        var act = () => manager.ExecuteAsync<int>(
            null,
            async ct =>
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct);
                return 1;
            },
            timeout).AsTask();

        (await act.Should().ThrowAsync<TimeoutRejectedException>()).Which.Timeout.Should().Be(timeout);
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(timeout);
    }
}
