using Resilience.CircuitBreaking;
using Resilience.Core.Tests.TestSupport;
using Resilience.Retry;

namespace Resilience.Core.Tests;

/// <summary>A user callback that throws on a synchronous path comes back as a faulted task, like every other failure.</summary>
public sealed class ResiliencePipelineFaultTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecuteAsync_BreakerPredicateThrowsOnSynchronousPath_FaultedTaskNotASynchronousThrow(bool withTimeout)
    {
        var pipeline = Build(withTimeout);

        ValueTask<int> pending = default;
        var start = () => pending = pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        start.Should().NotThrow("a failure comes back in the task");
        pending.IsFaulted.Should().BeTrue();
        await pending.AsTask().Invoking(t => t).Should().ThrowAsync<CallbackBugException>();
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_PredicateThrowsOnSynchronousPath_FaultedTaskAndContextStaysUsable()
    {
        var pipeline = Build(withTimeout: true);
        using var caller = new CancellationTokenSource();
        var context = ResilienceContext.Get(caller.Token);

        ValueTask<Outcome<int>> pending = default;
        var start = () => pending = pipeline.ExecuteOutcomeAsync(static (_, _) => new ValueTask<Outcome<int>>(Outcome.FromResult(1)), context, 0);

        start.Should().NotThrow();
        await pending.AsTask().Invoking(t => t).Should().ThrowAsync<CallbackBugException>();
        context.CancellationToken.Should().Be(caller.Token);
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteAsync_CustomStageThrowsSynchronously_FaultedTask()
    {
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(new ThrowingStrategy()).AddRetry(new RetryOptions()).Build();

        ValueTask<int> pending = default;
        var start = () => pending = pipeline.ExecuteAsync(static _ => ValueTask.FromResult(1));

        start.Should().NotThrow();
        await pending.AsTask().Invoking(t => t).Should().ThrowAsync<CallbackBugException>();
    }

    private static ResiliencePipeline Build(bool withTimeout)
    {
        var builder = new ResiliencePipelineBuilder();
        if (withTimeout)
        {
            builder.AddTimeout(TimeSpan.FromSeconds(30));
        }

        return builder.AddCircuitBreaker(new CircuitBreakerOptions { ShouldHandle = static _ => throw new CallbackBugException() }).Build();
    }

    private sealed class ThrowingStrategy : ResilienceStrategy
    {
        protected internal override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
            ResilienceContext context,
            TState state) =>
            throw new CallbackBugException();
    }
}
