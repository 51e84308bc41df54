using System.Net.Http;
using Resilience.CircuitBreaking;
using Resilience.Core.Tests.TestSupport;
using Resilience.Retry;
using Resilience.TestUtilities;
using Resilience.TestUtilities.Time;
using Resilience.Timeout;

namespace Resilience.Core.Tests;

public sealed class ResiliencePipelineBuilderResilientCallExtensionsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void AddResilientCall_Defaults_TotalTimeoutRetryBreakerAttemptTimeoutInThatOrder()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddResilientCall().Build();

        pipeline.Strategies.Select(s => s.GetType().Name).Should().Equal(
            nameof(TimeoutStrategy), nameof(RetryStrategy), "CircuitBreakerStrategy", nameof(TimeoutStrategy));
    }

    [Fact]
    public void AddResilientCall_BreakerOutsideRetry_SwapsRetryAndBreaker()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions { Order = ResilientCallOrder.BreakerOutsideRetry })
            .Build();

        pipeline.Strategies.Select(s => s.GetType().Name).Should().Equal(
            nameof(TimeoutStrategy), "CircuitBreakerStrategy", nameof(RetryStrategy), nameof(TimeoutStrategy));
    }

    [Fact]
    public async Task ExecuteAsync_Recommended_EachAttemptIsABreakerOutcomeAndOpenCircuitStopsRetries()
    {
        // Arrange: a fallback slot records the outer edge; the breaker opens after 2 failures; retry would allow 5 attempts.
        var log = new List<string>();
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 2 }, _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddStrategy(new RecordingStrategy("fallback", log))
            .AddResilientCall(new ResilientCallOptions
            {
                CircuitBreaker = breaker,
                Retry = new RetryOptions
                {
                    MaxAttempts = 5,
                    BaseDelay = TimeSpan.Zero,
                    OnRetry = a =>
                    {
                        log.Add($"retry after attempt {a.AttemptNumber}: {breaker.State}");
                        return ValueTask.CompletedTask;
                    },
                },
            })
            .Build();

        // Act
        var act = () => pipeline.ExecuteAsync<int>(_ =>
        {
            log.Add("operation");
            throw new HttpRequestException("503");
        }).AsTask();

        // Assert: two attempts reached the operation and the second opened the circuit; the third attempt was rejected by
        // the breaker without calling the operation, and the rejection ended the retries (no fourth or fifth attempt).
        await act.Should().ThrowAsync<CircuitOpenException>();
        log.Should().Equal(
            "fallback:before",
            "operation",
            "retry after attempt 0: Closed",
            "operation",
            "retry after attempt 1: Open",
            "fallback:after");
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_OpenCircuit_OperationNeverCalledAndNoDelay()
    {
        var calls = 0;
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 1 }, _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions { CircuitBreaker = breaker, Retry = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(1) } })
            .Build();
        Task<int> Call() => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new IOException("reset");
        }).AsTask();
        var first = Call();
        await _time.Invoking(t => t.AdvanceUntilCompleteAsync(first, TimeSpan.FromMilliseconds(100))).Should().ThrowAsync<CircuitOpenException>();
        calls.Should().Be(1);

        var second = Call();

        second.IsCompleted.Should().BeTrue("an open circuit fails at once, without a retry delay");
        await second.Invoking(t => t).Should().ThrowAsync<CircuitOpenException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_BreakerOutsideRetry_BreakerSeesOneOutcomePerCall()
    {
        var calls = 0;
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("svc", new CircuitBreakerOptions { FailureThreshold = 2 }, _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions
            {
                CircuitBreaker = breaker,
                Order = ResilientCallOrder.BreakerOutsideRetry,
                Retry = new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.Zero },
            })
            .Build();

        var act = () => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new HttpRequestException("503");
        }).AsTask();

        await act.Should().ThrowAsync<HttpRequestException>();
        calls.Should().Be(5, "the breaker cannot stop retries that run inside it");
        breaker.State.Should().Be(CircuitState.Closed, "five failed attempts were one breaker outcome");
    }

    [Fact]
    public async Task ExecuteAsync_AttemptTimeoutsRetriedUntilTotalTimeoutEndsTheCall()
    {
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddResilientCall(new ResilientCallOptions
            {
                TotalTimeout = new TimeoutOptions { Timeout = TimeSpan.FromSeconds(2.5) },
                AttemptTimeout = TimeSpan.FromSeconds(1),
                Retry = new RetryOptions { MaxAttempts = 10, BaseDelay = TimeSpan.Zero },
                CircuitBreakerOptions = new CircuitBreakerOptions { FailureThreshold = 100 },
            })
            .Build();

        var task = pipeline.ExecuteAsync(ct =>
        {
            attempts++;
            var tcs = new TaskCompletionSource<int>();
            ct.Register(() => tcs.TrySetCanceled(ct));
            return new ValueTask<int>(tcs.Task);
        }).AsTask();

        var ex = (await _time.Invoking(t => t.AdvanceUntilCompleteAsync(task, TimeSpan.FromMilliseconds(10)))
            .Should().ThrowAsync<TimeoutRejectedException>()).Which;
        ex.Timeout.Should().Be(TimeSpan.FromSeconds(2.5), "the total timeout ends the call, not an attempt timeout");
        attempts.Should().Be(3, "two 1 s attempts timed out and were retried; the third was cut short by the total deadline");
    }

    [Fact]
    public async Task ExecuteAsync_SuccessPath_AllocatesNothing()
    {
        var pipeline = new ResiliencePipelineBuilder().AddResilientCall().Build();

        var allocated = await AllocationMeter.MeasureAsync(
            async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), 1));

        allocated.Should().Be(0);
    }
}
