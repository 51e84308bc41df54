using Resilience.CircuitBreaking;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Core.Tests;

/// <summary>
/// Caller cancellation surfaces the caller's own token through every stage, so that
/// <c>catch (OperationCanceledException e) when (e.CancellationToken == myToken)</c> works.
/// </summary>
public sealed class ResiliencePipelineCallerTokenTests
{
    private readonly FakeTimeProvider _time = new();

    public enum Stages
    {
        Timeout,
        Retry,
        Breaker,
        ResilientCall,
        ResilientCallBreakerOutside,
        StopWaitingTimeouts,
    }

    [Theory]
    [InlineData(Stages.Timeout)]
    [InlineData(Stages.Retry)]
    [InlineData(Stages.Breaker)]
    [InlineData(Stages.ResilientCall)]
    [InlineData(Stages.ResilientCallBreakerOutside)]
    [InlineData(Stages.StopWaitingTimeouts)]
    public async Task ExecuteAsync_CallerCancelsDuringOperation_ExceptionCarriesTheCallersToken(Stages stages)
    {
        var pipeline = Build(stages);
        using var mine = new CancellationTokenSource();

        var call = pipeline.ExecuteAsync(WaitForCancellation, mine.Token).AsTask();
        await mine.CancelAsync();

        var surfaced = await CatchMineAsync(call, mine.Token);
        surfaced.Should().BeTrue("the exception's token is the caller's own token");
    }

    [Theory]
    [InlineData(Stages.Timeout)]
    [InlineData(Stages.ResilientCall)]
    public async Task ExecuteOutcomeAsync_CallerCancelsDuringOperation_OutcomeCarriesTheCallersToken(Stages stages)
    {
        var pipeline = Build(stages);
        using var mine = new CancellationTokenSource();
        var context = ResilienceContext.Get(mine.Token);

        var call = pipeline.ExecuteOutcomeAsync(
            static async (ctx, _) =>
            {
                try
                {
                    await Task.Delay(System.Threading.Timeout.Infinite, ctx.CancellationToken);
                    return Outcome.FromResult(1);
                }
                catch (OperationCanceledException ex)
                {
                    return Outcome.FromException<int>(ex);
                }
            },
            context,
            0).AsTask();
        await mine.CancelAsync();

        var outcome = await call;
        outcome.Exception.Should().BeAssignableTo<OperationCanceledException>()
            .Which.CancellationToken.Should().Be(mine.Token);
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelsDuringRetryDelay_ExceptionCarriesTheCallersToken()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions { Retry = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(5) } })
            .Build();
        using var mine = new CancellationTokenSource();

        var call = pipeline.ExecuteAsync<int>(_ => throw new TimeoutException(), mine.Token).AsTask();
        await mine.CancelAsync();

        (await CatchMineAsync(call, mine.Token)).Should().BeTrue();
    }

    [Fact]
    public async Task TimeoutManager_CallerCancels_ExceptionCarriesTheCallersToken()
    {
        using var manager = new TimeoutManager(timeProvider: _time);
        using var mine = new CancellationTokenSource();

        var call = manager.ExecuteAsync(null, WaitForCancellation, cancellationToken: mine.Token).AsTask();
        await mine.CancelAsync();

        (await CatchMineAsync(call, mine.Token)).Should().BeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_TaskCanceledStaysTaskCanceledWithTheOriginalAsInner()
    {
        var pipeline = Build(Stages.ResilientCall);
        using var mine = new CancellationTokenSource();

        var call = pipeline.ExecuteAsync(WaitForCancellation, mine.Token).AsTask();
        await mine.CancelAsync();

        var ex = (await call.Invoking(t => t).Should().ThrowAsync<TaskCanceledException>()).Which;
        ex.CancellationToken.Should().Be(mine.Token);
        ex.InnerException.Should().BeAssignableTo<OperationCanceledException>("the operation's own exception is kept for its stack");
    }

    private static async Task<bool> CatchMineAsync(Task<int> call, CancellationToken mine)
    {
        try
        {
            await call;
            return false;
        }
        catch (OperationCanceledException e) when (e.CancellationToken == mine)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static ValueTask<int> WaitForCancellation(CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ct.Register(() => tcs.TrySetCanceled(ct));
        return new ValueTask<int>(tcs.Task);
    }

    private ResiliencePipeline Build(Stages stages)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        return (stages switch
        {
            Stages.Timeout => builder.AddTimeout(TimeSpan.FromSeconds(10)),
            Stages.Retry => builder.AddRetry(new RetryOptions { ShouldHandle = static _ => true }),
            Stages.Breaker => builder.AddCircuitBreaker(new CircuitBreakerOptions()),
            Stages.ResilientCall => builder.AddResilientCall(),
            Stages.ResilientCallBreakerOutside => builder.AddResilientCall(new ResilientCallOptions { Order = ResilientCallOrder.BreakerOutsideRetry }),
            _ => builder
                .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(30), StopWaitingAtDeadline = true })
                .AddRetry(new RetryOptions { ShouldHandle = static _ => true })
                .AddTimeout(new TimeoutOptions { Timeout = TimeSpan.FromSeconds(10), StopWaitingAtDeadline = true }),
        }).Build();
    }
}
