using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


public sealed class CircuitBreakerPipelineBuilderExtensionsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AddCircuitBreaker_EachCallIsOneOutcome_OpenCircuitRejectsWithoutCallingInnerStages()
    {
        var breaker = new CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 2 }, _time);
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();
        var calls = 0;

        for (var i = 0; i < 2; i++)
        {
            await FluentActions.Awaiting(() => pipeline.ExecuteAsync<int>(_ =>
            {
                calls++;
                throw new IOException();
            }).AsTask()).Should().ThrowAsync<IOException>();
        }

        breaker.State.Should().Be(CircuitState.Open);
        var rejected = (await FluentActions.Awaiting(() => pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(1);
        }).AsTask()).Should().ThrowAsync<CircuitOpenException>()).Which;
        rejected.BreakerName.Should().Be("svc");
        rejected.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        calls.Should().Be(2);
    }

    [Fact]
    public async Task AddCircuitBreaker_ExecuteOutcomeAsync_RejectionIsAnOutcome()
    {
        var breaker = new CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 1 }, _time);
        breaker.Isolate();
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();
        var context = ResilienceContext.Get();

        var outcome = await pipeline.ExecuteOutcomeAsync(static (_, s) => new ValueTask<Outcome<int>>(Outcome.FromResult(s)), context, 1);

        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().BeNull("an isolated circuit does not know when it will admit calls");
        outcome.Exception.Should().BeOfType<CircuitOpenException>().Which.State.Should().Be(CircuitState.Isolated);
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task AddCircuitBreaker_InnerRejection_IsNotCounted()
    {
        var inner = new CircuitBreaker("inner", new CircuitBreakerOptions { FailureThreshold = 1 }, _time);
        inner.Isolate();
        var outer = new CircuitBreaker("outer", new CircuitBreakerOptions { FailureThreshold = 1 }, _time);
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(outer).AddCircuitBreaker(inner).Build();

        await FluentActions.Awaiting(() => pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask())
            .Should().ThrowAsync<CircuitOpenException>().Where(e => e.BreakerName == "inner");

        outer.State.Should().Be(CircuitState.Closed);
        outer.GetSnapshot().WindowFailures.Should().Be(0);
    }

    [Fact]
    public async Task AddCircuitBreaker_AsyncOperation_ResultCountedAsSuccessAndPredicateSeesResult()
    {
        var breaker = new CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 1, ShouldHandle = a => a.Result is 503 }, _time);
        var pipeline = new ResiliencePipelineBuilder().AddCircuitBreaker(breaker).Build();

        (await pipeline.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            return 200;
        })).Should().Be(200);
        breaker.State.Should().Be(CircuitState.Closed);

        (await pipeline.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            return 503;
        })).Should().Be(503);
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task AddCircuitBreaker_Options_UsesBuilderTimeProviderAndName()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time, Name = "orders" }
            .AddCircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(10) })
            .Build();
        await FluentActions.Awaiting(() => pipeline.ExecuteAsync<int>(_ => throw new IOException()).AsTask()).Should().ThrowAsync<IOException>();

        _time.Advance(TimeSpan.FromSeconds(4));
        var rejected = (await FluentActions.Awaiting(() => pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask())
            .Should().ThrowAsync<CircuitOpenException>()).Which;
        rejected.BreakerName.Should().Be("orders");
        rejected.RetryAfter.Should().Be(TimeSpan.FromSeconds(6));

        _time.Advance(TimeSpan.FromSeconds(6));
        (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(1))).Should().Be(1);
    }

    [Fact]
    public void AddCircuitBreaker_NullArguments_Throw()
    {
        var builder = new ResiliencePipelineBuilder();

        FluentActions.Invoking(() => builder.AddCircuitBreaker((CircuitBreaker)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => builder.AddCircuitBreaker((CircuitBreakerOptions)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => builder.AddCircuitBreaker(new CircuitBreakerOptions { FailureThreshold = 0 })).Should().Throw<ArgumentException>();
    }
}
