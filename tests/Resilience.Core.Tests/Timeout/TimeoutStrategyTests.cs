using Resilience.Timeout;

namespace Resilience.Core.Tests.Timeout;

public sealed class TimeoutStrategyTests
{
    private readonly FakeTimeProvider _time = new();

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
