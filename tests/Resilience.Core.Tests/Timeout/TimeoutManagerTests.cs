using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;
using Resilience.TestUtilities;
using Resilience.Timeout;
using Resilience.DependencyInjection;

namespace Resilience.Core.Tests.Timeout;

public sealed class TimeoutManagerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();
    private readonly TimeoutManager _manager;

    public TimeoutManagerTests()
    {
        var factory = Substitute.For<ILoggerFactory>();
        factory.CreateLogger(Arg.Any<string>()).Returns(_logger);
        _manager = new TimeoutManager(new TimeoutOptions { TelemetryListener = factory.CreateResilienceTelemetryListener() }, _time);
    }

    public void Dispose() => _manager.Dispose();

    [Theory]
    [InlineData(OperationTypes.HealthCheck, 10)]
    [InlineData(OperationTypes.StandardRequest, 30)]
    [InlineData(OperationTypes.LongOperation, 120)]
    [InlineData(OperationTypes.BatchOperation, 300)]
    [InlineData("no_such_type", 30)]
    [InlineData(null, 30)]
    public void GetTimeout_OperationType_GuideDefaults(string? operationType, int seconds)
    {
        _manager.GetTimeout(operationType).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void GetTimeout_CustomTimeout_OverridesOperationType()
    {
        _manager.GetTimeout(OperationTypes.BatchOperation, TimeSpan.FromSeconds(3)).Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void GetTimeout_ConfiguredValue_Used()
    {
        var options = new TimeoutOptions();
        options.Timeouts[OperationTypes.HealthCheck] = TimeSpan.FromSeconds(2);
        options.Timeouts["payment"] = TimeSpan.FromSeconds(7);
        using var manager = new TimeoutManager(options, _time);

        manager.GetTimeout(OperationTypes.HealthCheck).Should().Be(TimeSpan.FromSeconds(2));
        manager.GetTimeout("payment").Should().Be(TimeSpan.FromSeconds(7));
        manager.TimerResolution.Should().Be(TimeSpan.FromSeconds(2) / 32);
    }

    [Fact]
    public void Ctor_InvalidOptions_NamesOptionAndValue()
    {
        var options = new TimeoutOptions();
        options.Timeouts.Remove(OperationTypes.StandardRequest);
        options.Timeouts[OperationTypes.HealthCheck] = TimeSpan.Zero;

        var act = () => new TimeoutManager(options);

        act.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage(
            "Invalid TimeoutOptions: Timeouts:health_check must be between 00:00:00.0010000 and 1.00:00:00; it was 00:00:00. "
            + "Timeouts must contain \"standard_request\", the fallback of unknown operation types; it was '*'.*");
    }

    [Fact]
    public async Task ExecuteAsync_OperationTooSlow_ThrowsTimeoutRejectedWithNameAndTimeoutAndLogs()
    {
        var task = _manager.ExecuteAsync(OperationTypes.HealthCheck, WaitForCancellation).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        task.IsCompleted.Should().BeFalse("the deadline has not passed");
        _time.Advance(TimeSpan.FromMilliseconds(1) + _manager.TimerResolution);

        var ex = (await task.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.OperationType.Should().Be(OperationTypes.HealthCheck);
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        ex.InnerException.Should().BeAssignableTo<OperationCanceledException>();
        _logger.LatestRecord.Message.Should().Be("Operation 'health_check' timed out after 00:00:10");
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        using var cts = new CancellationTokenSource();
        var task = _manager.ExecuteAsync(OperationTypes.StandardRequest, WaitForCancellation, cancellationToken: cts.Token).AsTask();

        await cts.CancelAsync();

        var ex = (await task.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>()).Which;
        ex.Should().NotBeOfType<TimeoutRejectedException>();
        _logger.Collector.Count.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_Success_ReturnsResultAndReusesPooledToken()
    {
        var tokens = new List<CancellationToken>();

        for (var i = 0; i < 3; i++)
        {
            (await _manager.ExecuteAsync(null, ct =>
            {
                tokens.Add(ct);
                return ValueTask.FromResult(i);
            })).Should().Be(i);
        }

        tokens.Should().OnlyContain(t => t.CanBeCanceled && !t.IsCancellationRequested);
        tokens.Distinct().Should().HaveCount(1, "the token source is reset and reused");
    }

    [Fact]
    public async Task ExecuteAsync_Nested_InnerTimeoutNeverOutlivesOuterDeadline()
    {
        using var inner = new TimeoutManager(timeProvider: _time);
        TimeSpan? innerRemaining = null;
        Task<int>? innerTask = null;

        var outerTask = _manager.ExecuteAsync(
            OperationTypes.HealthCheck,
            ct =>
            {
                innerTask = inner.ExecuteAsync(
                    OperationTypes.BatchOperation,
                    innerCt =>
                    {
                        TimeoutManager.TryGetRemainingTime(innerCt, out var remaining).Should().BeTrue();
                        innerRemaining = remaining;
                        return WaitForCancellation(innerCt);
                    },
                    cancellationToken: ct).AsTask();
                return new ValueTask<int>(innerTask);
            }).AsTask();

        innerRemaining.Should().Be(TimeSpan.FromSeconds(10), "the 300 s batch timeout is capped by the 10 s outer deadline");
        _time.Advance(TimeSpan.FromSeconds(10) + _manager.TimerResolution);

        var innerEx = (await innerTask!.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        innerEx.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        await outerTask.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();
    }

    [Fact]
    public async Task ExecuteAsync_OuterDeadlineAlreadyPassed_InnerRejectsWithoutRunning()
    {
        var ran = false;
        Task<int>? innerTask = null;
        var outerTask = _manager.ExecuteAsync<int>(
            OperationTypes.HealthCheck,
            ct =>
            {
                var tcs = new TaskCompletionSource<int>();
                ct.Register(() => tcs.TrySetResult(0));
                _time.Advance(TimeSpan.FromSeconds(10));
                innerTask = _manager.ExecuteAsync(null, _ =>
                {
                    ran = true;
                    return ValueTask.FromResult(1);
                }, cancellationToken: ct).AsTask();
                return new ValueTask<int>(tcs.Task);
            }).AsTask();

        await innerTask!.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>();
        ran.Should().BeFalse();
        _time.Advance(_manager.TimerResolution);
        await outerTask;
    }

    [Fact]
    public async Task TryGetRemainingTime_InsideOperation_ShrinksWithTime()
    {
        var remaining = new List<TimeSpan>();
        var gate = new TaskCompletionSource<int>();
        var task = _manager.ExecuteAsync(null, async ct =>
        {
            TimeoutManager.TryGetRemainingTime(ct, out var r).Should().BeTrue();
            remaining.Add(r);
            await gate.Task;
            TimeoutManager.TryGetRemainingTime(ct, out r).Should().BeTrue();
            remaining.Add(r);
            return 1;
        }).AsTask();

        _time.Advance(TimeSpan.FromSeconds(5));
        gate.SetResult(0);
        await task;

        remaining.Should().Equal(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(25));
        TimeoutManager.TryGetRemainingTime(CancellationToken.None, out _).Should().BeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_StopWaitingAtDeadline_ReturnsWhileOperationIgnoresToken()
    {
        using var manager = new TimeoutManager(new TimeoutOptions { StopWaitingAtDeadline = true, TelemetryListener = LoggerFactoryFor(_logger).CreateResilienceTelemetryListener() }, _time);
        var never = new TaskCompletionSource<int>();

        var task = manager.ExecuteAsync(OperationTypes.HealthCheck, _ => new ValueTask<int>(never.Task)).AsTask();
        _time.Advance(TimeSpan.FromSeconds(10) + manager.TimerResolution);

        var ex = (await task.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        never.Task.IsCompleted.Should().BeFalse("the operation is still running");
        _logger.LatestRecord.Message.Should().Contain("stopped waiting");
    }

    [Fact]
    public async Task ExecuteAsync_IgnoresTokenWithoutOptIn_WaitsForOperation()
    {
        var slow = new TaskCompletionSource<int>();

        var task = _manager.ExecuteAsync(OperationTypes.HealthCheck, _ => new ValueTask<int>(slow.Task)).AsTask();
        _time.Advance(TimeSpan.FromSeconds(11));
        task.IsCompleted.Should().BeFalse();
        slow.SetResult(5);

        (await task).Should().Be(5, "a result that arrives is kept even after the deadline");
    }

    [Fact]
    public async Task ExecuteAsync_PerCallTimeoutShorterThanWheelResolution_FiresPrecisely()
    {
        var task = _manager.ExecuteAsync(OperationTypes.HealthCheck, WaitForCancellation, TimeSpan.FromMilliseconds(50)).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(49));
        task.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var ex = (await task.Invoking(t => t).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task ExecuteAsync_AfterCallsEnd_WheelUnlinksIdleScopesAndStopsItsTimer()
    {
        await _manager.ExecuteAsync(null, static _ => ValueTask.FromResult(1));
        _manager.Wheel.IsRunning.Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(31));

        _manager.Wheel.LinkedCount.Should().Be(0);
        _manager.Wheel.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCalls_TimeOutExactlyThoseStillRunning()
    {
        // 64 threads start calls; half finish at once, half wait for their token. After the deadline, exactly the waiting half time out.
        var tasks = new Task<int>[64 * 20];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, t =>
        {
            for (var i = 0; i < 20; i++)
            {
                var index = (t * 20) + i;
                tasks[index] = index % 2 == 0
                    ? _manager.ExecuteAsync(null, static _ => ValueTask.FromResult(1)).AsTask()
                    : _manager.ExecuteAsync(null, WaitForCancellation).AsTask();
            }
        });

        _time.Advance(TimeSpan.FromSeconds(30) + _manager.TimerResolution);
        var results = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (TimeoutRejectedException)
            {
                return -1;
            }
        }));

        results.Count(r => r == 1).Should().Be(640);
        results.Count(r => r == -1).Should().Be(640);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessPath_AllocatesNothing()
    {
        var allocated = await AllocationMeter.MeasureAsync(
            async () => await _manager.ExecuteAsync(null, static (s, _) => ValueTask.FromResult(s), 1));

        allocated.Should().Be(0);
    }

    private static ILoggerFactory LoggerFactoryFor(FakeLogger logger)
    {
        var factory = Substitute.For<ILoggerFactory>();
        factory.CreateLogger(Arg.Any<string>()).Returns(logger);
        return factory;
    }

    private static ValueTask<int> WaitForCancellation(CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => tcs.TrySetCanceled(ct));
        return new ValueTask<int>(tcs.Task);
    }
}
