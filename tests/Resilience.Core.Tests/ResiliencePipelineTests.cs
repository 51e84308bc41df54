using Resilience.CircuitBreaking;
using Resilience.Core.Tests.TestSupport;
using Resilience.Retry;

namespace Resilience.Core.Tests;

public sealed class ResiliencePipelineTests
{
    [Fact]
    public async Task ExecuteAsync_EmptyPipeline_ReturnsOperationResult()
    {
        var result = await ResiliencePipeline.Empty.ExecuteAsync(static (x, _) => ValueTask.FromResult(x * 2), 21);

        result.Should().Be(42);
    }

    [Fact]
    public async Task ExecuteAsync_OperationThrows_RethrowsSameExceptionWithOriginalStack()
    {
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(new RecordingStrategy("a", [])).Build();

        var act = () => pipeline.ExecuteAsync<int>(_ => ThrowingOperation()).AsTask();

        var thrown = (await act.Should().ThrowAsync<InvalidOperationException>()).Which;
        thrown.StackTrace.Should().Contain(nameof(ThrowingOperation));
    }

    [Fact]
    public async Task ExecuteAsync_StagesRunOutermostFirstInOrderAdded()
    {
        var log = new List<string>();
        var pipeline = new ResiliencePipelineBuilder()
            .AddStrategy(new RecordingStrategy("outer", log))
            .AddStrategy(new RecordingStrategy("middle", log))
            .AddStrategy(new RecordingStrategy("inner", log))
            .Build();

        await pipeline.ExecuteAsync(_ =>
        {
            log.Add("operation");
            return ValueTask.CompletedTask;
        });

        log.Should().Equal("outer:before", "middle:before", "inner:before", "operation", "inner:after", "middle:after", "outer:after");
    }

    [Fact]
    public async Task ExecuteAsync_CallerToken_ReachesOperation()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;

        await ResiliencePipeline.Empty.ExecuteAsync(
            ct =>
            {
                seen = ct;
                return ValueTask.CompletedTask;
            },
            cts.Token);

        seen.Should().Be(cts.Token);
    }

    [Fact]
    public async Task ExecuteAsync_LibraryAndCustomStagesMixed_RunInOrderOncePerAttempt()
    {
        // The library's stages are called directly and custom ones virtually: the order must not notice the difference.
        var log = new List<string>();
        var pipeline = new ResiliencePipelineBuilder()
            .AddStrategy(new RecordingStrategy("outer", log))
            .AddRetry(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero })
            .AddStrategy(new RecordingStrategy("middle", log))
            .AddCircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 5 })
            .AddStrategy(new RecordingStrategy("inner", log))
            .Build();
        var attempts = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            log.Add("operation");
            return ++attempts == 1 ? throw new TimeoutException() : ValueTask.FromResult(attempts);
        });

        result.Should().Be(2);
        log.Should().Equal(
            "outer:before",
            "middle:before", "inner:before", "operation", "inner:after", "middle:after",
            "middle:before", "inner:before", "operation", "inner:after", "middle:after",
            "outer:after");
    }

    [Fact]
    public void ExecuteAsync_OperationThrowsSynchronously_ReturnsFaultedTaskInsteadOfThrowing()
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryOptions { MaxAttempts = 1 }).Build();

        var pending = pipeline.ExecuteAsync<int>(_ => ThrowingOperation());

        pending.IsFaulted.Should().BeTrue();
        pending.AsTask().Exception!.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public void ExecuteAsync_EmptyPipelineOperationThrowsSynchronously_ReturnsFaultedTask()
    {
        var pending = ResiliencePipeline.Empty.ExecuteAsync<int>(_ => ThrowingOperation());

        pending.IsFaulted.Should().BeTrue();
        pending.AsTask().Exception!.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public void ExecuteAsync_CallerCancelledOperation_ReturnsCancelledTask()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryOptions()).Build();

        var pending = pipeline.ExecuteAsync<int>(ct => ValueTask.FromCanceled<int>(ct), cts.Token);

        pending.IsCanceled.Should().BeTrue("a cancellation surfaces as a cancelled task, as from an async method");
    }

    [Fact]
    public async Task ExecuteAsync_SynchronousSuccess_CompletesSynchronouslyWithResult()
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryOptions())
            .AddCircuitBreaker(new CircuitBreakerOptions())
            .Build();

        var pending = pipeline.ExecuteAsync(static (x, _) => ValueTask.FromResult(x + 1), 41);

        pending.IsCompletedSuccessfully.Should().BeTrue();
        (await pending).Should().Be(42);
    }

    [Fact]
    public async Task ExecuteAsync_VoidOperation_SynchronousCompletesAtOnceAndAsynchronousIsAwaited()
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryOptions()).AddTimeout(TimeSpan.FromSeconds(30)).Build();
        var release = new TaskCompletionSource();
        var ran = 0;

        var synchronous = pipeline.ExecuteAsync(static (counter, _) => { counter(); return ValueTask.CompletedTask; }, () => ran++);
        var asynchronous = pipeline.ExecuteAsync(async _ => { await release.Task; ran++; });

        synchronous.IsCompletedSuccessfully.Should().BeTrue();
        asynchronous.IsCompleted.Should().BeFalse();
        release.SetResult();
        await asynchronous;
        ran.Should().Be(2);
    }

    [Fact]
    public void ExecuteAsync_VoidOperationThrows_ReturnsFaultedTaskAndNullOperationThrowsAtOnce()
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryOptions { MaxAttempts = 1 }).Build();

        var pending = pipeline.ExecuteAsync(static (_, _) => throw new InvalidOperationException("boom"), 0);
        var act = () => pipeline.ExecuteAsync(null!, 0);

        pending.IsFaulted.Should().BeTrue();
        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Strategies_CannotBeChangedThroughTheList()
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryOptions()).Build();

        pipeline.Strategies.Should().NotBeAssignableTo<ResilienceStrategy[]>()
            .And.BeAssignableTo<System.Collections.ObjectModel.ReadOnlyCollection<ResilienceStrategy>>();
    }

    private static ValueTask<int> ThrowingOperation() => throw new InvalidOperationException("boom");
}
