using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

public sealed class TimeoutStrategyTests
{
    private readonly FakeTimeProvider _time = new();

    // Timeout scopes wait between calls on the call's context; a thread that alternates between managers reuses them.
    [Fact]
    public async Task Scopes_ThreadAlternatingBetweenThreeManagers_AreReusedNotCreatedPerCall()
    {
        // Two timeout stages fill both of a context's places; the third manager's scope has to make way or use its pool.
        TimeoutManager[] managers = [new(timeProvider: _time), new(timeProvider: _time), new(timeProvider: _time)];
        var nested = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(managers[0]).AddTimeout(managers[1]).Build();
        var single = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(managers[2]).Build();

        for (var i = 0; i < 300; i++)
        {
            // Completes synchronously, so every call runs on this thread (and its parked context).
            var result = await (i % 2 == 0 ? nested : single).ExecuteAsync(static _ => ValueTask.FromResult(1));
            result.Should().Be(1);
        }

        foreach (var manager in managers)
        {
            // A scope stays linked (idle) after its call until the wheel reaches its slot: one per call if none were reused.
            manager.Wheel.LinkedCount.Should().BeInRange(1, 2, "each manager's scopes are reused from call to call");
            manager.Wheel.ArmedCount.Should().Be(0, "every call ended its scope");
        }
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_ContextOperationType_SelectsItsTimeout()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout((TimeoutOptions?)null).Build();
        var context = ResilienceContext.Get();
        context.OperationType = OperationTypes.HealthCheck;

        var task = pipeline.ExecuteOutcomeAsync((ctx, _) => WaitAsync(ctx.CancellationToken), context, 0).AsTask();
        _time.Advance(TimeSpan.FromSeconds(11));
        var outcome = await task;

        outcome.Exception.Should().BeOfType<TimeoutRejectedException>().Which.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_FixedTimeout_BeatsContextOperationType()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(TimeSpan.FromSeconds(2)).Build();
        var context = ResilienceContext.Get();
        context.OperationType = OperationTypes.BatchOperation;

        var task = pipeline.ExecuteOutcomeAsync((ctx, _) => WaitAsync(ctx.CancellationToken), context, 0).AsTask();
        _time.Advance(TimeSpan.FromSeconds(3));
        var outcome = await task;

        outcome.Exception.Should().BeOfType<TimeoutRejectedException>().Which.Timeout.Should().Be(TimeSpan.FromSeconds(2));
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_InnerStageSeesDeadlineToken_ContextTokenRestoredAfter()
    {
        using var cts = new CancellationTokenSource();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddTimeout(TimeSpan.FromSeconds(5)).Build();
        var context = ResilienceContext.Get(cts.Token);
        CancellationToken seen = default;

        await pipeline.ExecuteOutcomeAsync(
            (ctx, _) =>
            {
                seen = ctx.CancellationToken;
                return ValueTask.FromResult(Outcome.FromResult(1));
            },
            context,
            0);

        seen.Should().NotBe(cts.Token);
        seen.CanBeCanceled.Should().BeTrue();
        context.CancellationToken.Should().Be(cts.Token);
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteAsync_TotalAndAttemptTimeouts_AttemptCappedByTotal()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(TimeSpan.FromSeconds(3))
            .AddTimeout(TimeSpan.FromSeconds(20))
            .Build();

        var task = pipeline.ExecuteAsync(async ct => (await WaitAsync(ct)).GetResultOrThrow()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(200));

        var ex = (await task.Invoking(x => x).Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    private static ValueTask<Outcome<int>> WaitAsync(CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<Outcome<int>>();
        ct.Register(() => tcs.TrySetResult(Outcome.FromException<int>(new OperationCanceledException(ct))));
        return new ValueTask<Outcome<int>>(tcs.Task);
    }
}
