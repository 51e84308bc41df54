using Resilience.Retry;
using Resilience.Timeout;
using Resilience.Timeout.Internal;

namespace Resilience.Core.Tests.Timeout;

/// <summary>Huge and infinite durations: a deadline saturates instead of overflowing, and <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> means no timeout.</summary>
public sealed class TimeoutDurationTests : IDisposable
{
    private static readonly TimeSpan Infinite = System.Threading.Timeout.InfiniteTimeSpan;

    private readonly FakeTimeProvider _time = new();
    private readonly TimeoutManager _manager;

    public TimeoutDurationTests()
    {
        _manager = new TimeoutManager(timeProvider: _time);
    }

    public void Dispose() => _manager.Dispose();

    [Fact]
    public async Task ExecuteAsync_PerCallTimeSpanMaxValue_NeverFiresEarly()
    {
        using var caller = new CancellationTokenSource();
        _time.Advance(TimeSpan.FromDays(1));
        var remaining = TimeSpan.Zero;
        var call = _manager.ExecuteAsync(
            null,
            ct =>
            {
                TimeoutManager.TryGetRemainingTime(ct, out remaining);
                return WaitForCancellation(ct);
            },
            TimeSpan.MaxValue,
            caller.Token).AsTask();

        _time.Advance(TimeSpan.FromSeconds(200));
        call.IsCompleted.Should().BeFalse("a deadline 29,000 centuries away has not passed");
        remaining.Should().BeGreaterThan(TimeSpan.FromDays(100 * 365));

        await caller.CancelAsync();
        (await call.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>()).Which.Should().NotBeOfType<TimeoutRejectedException>();
    }

    [Fact]
    public async Task ExecuteAsync_PerCallTimeSpanMaxValueOnSystemClock_OutlivesAShortTimeout()
    {
        // A shortest timeout under 3.2 s: the wheel reads the precise clock, whose units overflow first.
        var options = new TimeoutOptions();
        options.Timeouts[OperationTypes.HealthCheck] = TimeSpan.FromSeconds(1);
        using var manager = new TimeoutManager(options);
        using var caller = new CancellationTokenSource();
        var huge = manager.ExecuteAsync(null, WaitForCancellation, TimeSpan.MaxValue, caller.Token).AsTask();

        // No sleep: a real 100 ms timeout on the same wheel is the clock.
        await manager.Invoking(m => m.ExecuteAsync(null, WaitForCancellation, TimeSpan.FromMilliseconds(100)).AsTask())
            .Should().ThrowAsync<TimeoutRejectedException>();

        huge.IsCompleted.Should().BeFalse("TimeSpan.MaxValue saturates the deadline instead of overflowing it");
        await caller.CancelAsync();
        await huge.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ExecuteAsync_PerCallInfiniteTimeSpan_NoTimeoutAndTheCallerTokenAsItIs()
    {
        using var caller = new CancellationTokenSource();
        CancellationToken seen = default;
        var call = _manager.ExecuteAsync(
            null,
            ct =>
            {
                seen = ct;
                return WaitForCancellation(ct);
            },
            Infinite,
            caller.Token).AsTask();

        _time.Advance(TimeSpan.FromDays(2));
        call.IsCompleted.Should().BeFalse();
        seen.Should().Be(caller.Token, "no timeout, so nothing to link");
        _manager.GetTimeout(null, Infinite).Should().Be(Infinite);

        await caller.CancelAsync();
        await call.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task ExecuteAsync_InfiniteInsideTimedCall_CappedByTheOuterDeadline()
    {
        var call = _manager.ExecuteAsync(
            OperationTypes.HealthCheck,
            ct => _manager.ExecuteAsync(null, WaitForCancellation, Infinite, ct)).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10) + _manager.TimerResolution);

        await call.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();
    }

    [Fact]
    public async Task Options_InfiniteTimeouts_AcceptedAndLeftOutOfTheWheelTick()
    {
        var options = new TimeoutOptions();
        options.Timeouts["stream"] = Infinite;
        options.Timeout = Infinite;
        using var manager = new TimeoutManager(options, _time);
        manager.TimerResolution.Should().Be(TimeSpan.FromSeconds(10) / 32, "the finite timeouts set the tick");
        manager.GetTimeout("stream").Should().Be(Infinite);

        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(Infinite).Build();
        using var caller = new CancellationTokenSource();
        var call = pipeline.ExecuteAsync(WaitForCancellation, caller.Token).AsTask();
        _time.Advance(TimeSpan.FromDays(2));
        call.IsCompleted.Should().BeFalse();
        await caller.CancelAsync();
        await call.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task AddResilientCall_InfiniteAttemptTimeout_OnlyTheTotalTimeoutApplies()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions { AttemptTimeout = Infinite, Retry = null })
            .Build();

        var call = pipeline.ExecuteAsync(WaitForCancellation).AsTask();
        _time.Advance(TimeSpan.FromSeconds(30) + TimeSpan.FromSeconds(1));

        var ex = (await call.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Wheel_OverdueScopeArmedWhileTimerStopped_FiresOnTheNextTickNotATurnLater()
    {
        var tick = TimeSpan.FromMilliseconds(10);
        using var wheel = new TimerWheel(_time, tick);
        var first = new TimeoutScope(wheel);
        var armed = wheel.Arm(first, wheel.DueTick(wheel.Now() + wheel.ToUnits(tick)));
        _time.Advance(tick * 3);
        TimerWheel.Disarm(first, armed);
        _time.Advance(tick * 3);
        wheel.IsRunning.Should().BeFalse("the wheel emptied");
        _time.Advance(TimeSpan.FromSeconds(5));

        // A call that read the clock, was delayed, and arms a deadline that has already passed.
        var late = new TimeoutScope(wheel);
        wheel.Arm(late, wheel.DueTick(wheel.Now() - wheel.ToUnits(TimeSpan.FromMilliseconds(100))));
        _time.Advance(tick);

        late.HasFired.Should().BeTrue("an overdue deadline fires at the next tick, not 512 ticks later");
    }

    [Fact]
    public async Task Retry_DelayGeneratorReturnsInfinite_WaitsTheLongestDelayInsteadOfNone()
    {
        var delays = new List<TimeSpan>();
        var options = new RetryOptions
        {
            MaxAttempts = 2,
            MaxDelay = TimeSpan.FromSeconds(30),
            DelayGenerator = _ => Infinite,
            OnRetry = a =>
            {
                delays.Add(a.Delay);
                return ValueTask.CompletedTask;
            },
        };
        await RunOneRetryAsync(options);

        delays.Should().Equal(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Retry_RetryAfterHintInfinite_WaitsTheLongestHintInsteadOfNone()
    {
        var delays = new List<TimeSpan>();
        var options = new RetryOptions
        {
            MaxAttempts = 2,
            MaxRetryAfter = TimeSpan.FromSeconds(20),
            RetryAfterExtractor = _ => Infinite,
            OnRetry = a =>
            {
                delays.Add(a.Delay);
                return ValueTask.CompletedTask;
            },
        };
        await RunOneRetryAsync(options);

        delays.Should().Equal(TimeSpan.FromSeconds(20));
    }

    private async Task RunOneRetryAsync(RetryOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddRetry(options).Build();
        var calls = 0;
        var call = pipeline.ExecuteAsync(_ => ++calls == 1 ? throw new TimeoutException() : ValueTask.FromResult(calls)).AsTask();
        _time.Advance(TimeSpan.FromSeconds(19));
        calls.Should().Be(1, "the retry waits");
        _time.Advance(TimeSpan.FromSeconds(11));
        (await call).Should().Be(2);
    }

    private static ValueTask<int> WaitForCancellation(CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => tcs.TrySetCanceled(ct));
        return new ValueTask<int>(tcs.Task);
    }
}
