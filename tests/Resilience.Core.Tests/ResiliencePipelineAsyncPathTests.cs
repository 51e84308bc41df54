using System.Runtime.CompilerServices;
using Resilience.CircuitBreaking;
using Resilience.Retry;

namespace Resilience.Core.Tests;

/// <summary>
/// The asynchronous path (the operation yields before it completes), where every awaiting stage's state machine comes from
/// a pool: a reused state machine must never carry one call's result, exception or context into another.
/// </summary>
public sealed class ResiliencePipelineAsyncPathTests
{
    private const int Workers = 8;
    private const int CallsPerWorker = 400;

    [Fact]
    public async Task ExecuteAsync_ConcurrentYieldingCallsThroughEveryStage_EachGetsItsOwnResult()
    {
        using var pipeline = RecommendedPipeline();

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < CallsPerWorker; i++)
            {
                var input = (worker * CallsPerWorker) + i;
                var result = await pipeline.ExecuteAsync(static (s, _) => YieldThenReturn(s), input);
                if (result != input + 1)
                {
                    wrong++;
                }
            }

            return wrong;
        }));

        (await Task.WhenAll(workers)).Should().AllBeEquivalentTo(0, "a pooled state machine carried another call's result");
    }

    [Fact]
    public async Task ExecuteAsync_YieldingCallsAlternateFailureAndSuccess_EachSurfacesItsOwnOutcome()
    {
        using var pipeline = RecommendedPipeline();

        for (var i = 0; i < 50; i++)
        {
            var failing = () => pipeline.ExecuteAsync(static (s, _) => YieldThenThrow(s), i).AsTask();
            var thrown = (await failing.Should().ThrowAsync<InvalidOperationException>()).Which;
            thrown.Message.Should().Be(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            thrown.StackTrace.Should().Contain(nameof(YieldThenThrow));

            (await pipeline.ExecuteAsync(static (s, _) => YieldThenReturn(s), i)).Should().Be(i + 1);
        }
    }

    [Fact]
    public async Task ExecuteAsync_VoidOperationYields_CompletesAfterTheOperationAndSurfacesItsException()
    {
        using var pipeline = RecommendedPipeline();
        var runs = new StrongBox<int>();

        await pipeline.ExecuteAsync(
            static async (box, _) =>
            {
                await Task.Yield();
                box.Value++;
            },
            runs);
        var failing = () => pipeline.ExecuteAsync(
            static async (box, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("void");
            },
            runs).AsTask();

        runs.Value.Should().Be(1, "the returned task completed only after the operation did");
        (await failing.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Be("void");
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelsWhileTheOperationIsPending_ThrowsWithTheCallersToken()
    {
        using var pipeline = RecommendedPipeline();
        using var caller = new CancellationTokenSource();

        var pending = pipeline.ExecuteAsync(
            static async (_, ct) =>
            {
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
                return 0;
            },
            0,
            caller.Token);
        await caller.CancelAsync();
        var act = () => pending.AsTask();

        (await act.Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(caller.Token);
        (await pipeline.ExecuteAsync(static (s, _) => YieldThenReturn(s), 41)).Should().Be(42, "the next call reuses the pooled state machines cleanly");
    }

    [Fact]
    public async Task ExecuteAsync_StageCodeAfterTheOperationResumes_RunsInTheCallersExecutionContext()
    {
        var local = new AsyncLocal<string>();
        var seen = new StrongBox<string?>();
        var pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerOptions
            {
                ShouldHandle = a =>
                {
                    seen.Value = local.Value;
                    return a.Exception is not null;
                },
            })
            .Build();
        var completion = new TaskCompletionSource<int>();
        local.Value = "caller";

        // The operation completes on a thread-pool thread whose execution context is empty, and the awaiting frames resume
        // inline there: only the context their boxes captured can give the breaker's predicate the caller's value.
        var call = pipeline.ExecuteAsync(static (c, _) => new ValueTask<int>(c.Task), completion);
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.SetResult(2), completion, preferLocal: false);

        (await call).Should().Be(2);
        seen.Value.Should().Be("caller", "the breaker's frame resumed under the call's execution context");
    }

    [Fact]
    public async Task ExecuteAsync_TaskConsumedTwice_SecondThrowsAndThePoolStaysSound()
    {
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerOptions()).Build();
        var gateA = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Gated, so the call is surely pending when ExecuteAsync returns (its task is then a pooled box, not a value).
        var consumed = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gateA);
        gateA.SetResult(2);
        (await consumed).Should().Be(2);

        // Misuse of the ValueTask contract: it must fail, and must not give the box back to the pool a second time.
        var again = () => consumed.GetAwaiter().GetResult();

        again.Should().Throw<InvalidOperationException>();
        var gateB = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateC = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gateB);
        var c = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gateC);
        gateB.SetResult(10);
        gateC.SetResult(20);
        (await b).Should().Be(10);
        (await c).Should().Be(20, "two calls in flight at once must never share a pooled box");
    }

    [Fact]
    public async Task ExecuteAsync_BlockedOnBeforeItCompletes_ThrowsAndTheCallStillCompletesIntoItsOwnBox()
    {
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerOptions()).Build();
        var gateA = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gateA);

        // Misuse of the ValueTask contract (sync-over-async on the pooled task): it must fail without giving the box of a
        // call still running back to the pool, where the next call would take it.
        var block = () => pending.GetAwaiter().GetResult();

        block.Should().Throw<InvalidOperationException>().WithMessage("*not completed*AsTask*");
        var gateB = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gateB);
        gateA.SetResult(1);
        gateB.SetResult(2);
        (await pending).Should().Be(1, "the blocked-on call still owns its box and completes into it");
        (await b).Should().Be(2, "the next call got a box of its own");
    }

    [Fact]
    public async Task ExecuteAsync_BlockedOnThroughAsTask_ReturnsTheResultOnceTheCallCompletes()
    {
        // The documented way to block (docs/concepts.md): AsTask() once, then block on that Task.
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerOptions()).Build();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = pipeline.ExecuteAsync(static (g, _) => new ValueTask<int>(g.Task), gate).AsTask();
        var blocked = Task.Factory.StartNew(() => task.GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        gate.SetResult(3);

        (await blocked.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Should().Be(3);
    }

    private static ResiliencePipeline RecommendedPipeline() =>
        new ResiliencePipelineBuilder()
            .AddResilientCall(new ResilientCallOptions { Retry = new RetryOptions { MaxAttempts = 1 } })
            .Build();

    private static async ValueTask<int> YieldThenReturn(int state)
    {
        await Task.Yield();
        return state + 1;
    }

    private static async ValueTask<int> YieldThenThrow(int state)
    {
        await Task.Yield();
        throw new InvalidOperationException(state.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
