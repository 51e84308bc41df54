using Resilience.CircuitBreaking;
using Resilience.Degradation;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Testing.Tests;

public sealed class ResiliencePipelineDescriptorTests
{
    [Fact]
    public void GetPipelineDescriptor_ListsTheStagesOutermostFirstWithTheOptionsEachWasBuiltFrom()
    {
        var fallback = new FallbackOptions<int> { FallbackAction = static _ => ValueTask.FromResult(0) };
        var retry = new RetryOptions { MaxAttempts = 4 };
        var breakerOptions = new CircuitBreakerOptions { FailureThreshold = 7 };
        using var pipeline = new ResiliencePipelineBuilder { Name = "inventory" }
            .AddFallback(fallback)
            .AddTimeout(TimeSpan.FromSeconds(10))
            .AddRetry(retry)
            .AddCircuitBreaker(breakerOptions)
            .Build();

        var descriptor = pipeline.GetPipelineDescriptor();

        descriptor.Strategies.Select(s => s.Strategy.GetType()).Should().Equal(
            typeof(FallbackStrategy<int>), typeof(TimeoutStrategy), typeof(RetryStrategy), typeof(CircuitBreakerStrategy));
        descriptor.Strategies[0].Options.Should().BeSameAs(fallback);
        descriptor.Strategies[1].Options.Should().BeOfType<TimeoutOptions>();
        descriptor.Strategies[2].Options.Should().BeSameAs(retry);
        descriptor.Strategies[3].Options.Should().BeSameAs(breakerOptions);
        descriptor.GetOptions<RetryOptions>().MaxAttempts.Should().Be(4);
        descriptor.GetOptions<CircuitBreakerOptions>().FailureThreshold.Should().Be(7);
        descriptor.CircuitBreakers.Should().ContainSingle().Which.Name.Should().Be("inventory");
        descriptor.ToString().Should().Be("FallbackStrategy`1 > TimeoutStrategy(00:00:10) > RetryStrategy > CircuitBreakerStrategy(inventory)");
    }

    [Fact]
    public void GetOptions_NoStageOrSeveralWithThatType_ThrowsListingTheStages()
    {
        using var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryOptions())
            .AddRetry(new RetryOptions())
            .Build();
        var descriptor = pipeline.GetPipelineDescriptor();

        descriptor.Invoking(d => d.GetOptions<RetryOptions>()).Should().Throw<InvalidOperationException>()
            .WithMessage("Expected one stage with RetryOptions but found 2; the stages are: RetryStrategy > RetryStrategy.");
        descriptor.Invoking(d => d.GetOptions<CircuitBreakerOptions>()).Should().Throw<InvalidOperationException>()
            .WithMessage("*found 0*");
        ResiliencePipeline.Empty.GetPipelineDescriptor().ToString().Should().Be("(no stages)");
    }

    [Fact]
    public void BreakerStageOptions_AfterUpdateOptions_ShowTheOptionsTheBreakerRunsOnNow()
    {
        var breaker = new CircuitBreaker("search", new CircuitBreakerOptions { FailureThreshold = 3 });
        using var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();
        var descriptor = pipeline.GetPipelineDescriptor();

        breaker.UpdateOptions(new CircuitBreakerOptions { FailureThreshold = 9 });

        descriptor.GetOptions<CircuitBreakerOptions>().FailureThreshold.Should().Be(9);
        descriptor.CircuitBreakers.Should().Equal(breaker);
    }

    [Fact]
    public void CustomStage_HasNoOptions()
    {
        using var pipeline = new ResiliencePipelineBuilder().AddStrategy(new PassThroughStrategy()).Build();

        var stage = pipeline.GetPipelineDescriptor().Strategies.Should().ContainSingle().Subject;

        stage.Options.Should().BeNull();
        stage.ToString().Should().Be(nameof(PassThroughStrategy));
    }

    private sealed class PassThroughStrategy : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCoreAsync<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
            callback(context, state);
    }
}
