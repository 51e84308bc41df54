using Resilience.CircuitBreaking;
using Resilience.TestUtilities.Stages;
using Resilience.Degradation;

namespace Resilience.Core.Tests.Degradation;

public sealed class FallbackStrategyTests
{
    [Fact]
    public async Task ExecuteAsync_PrimarySucceeds_ReturnsPrimaryAndSkipsFallback()
    {
        var fallbackCalls = 0;
        var fallback = new FallbackStrategy<string>(new() { FallbackAction = _ => { fallbackCalls++; return ValueTask.FromResult("fallback"); } });

        var result = await fallback.ExecuteAsync(_ => ValueTask.FromResult("primary"));

        result.Should().Be("primary");
        fallbackCalls.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_PrimaryThrows_ReturnsFallbackThatSawPrimaryException()
    {
        Exception? seen = null;
        var fallback = new FallbackStrategy<string>(new()
        {
            FallbackAction = args =>
            {
                seen = args.PrimaryOutcome.Exception;
                return ValueTask.FromResult("fallback");
            },
        });

        var result = await fallback.ExecuteAsync(Throws<string>(new InvalidOperationException("down")));

        result.Should().Be("fallback");
        seen.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("down");
    }

    [Fact]
    public async Task ExecuteCoreAsync_RejectedOutcomeFromInnerStage_RunsFallbackWithRejection()
    {
        var rejecting = new RejectingStrategy();
        Outcome<int> primary = default;
        var pipeline = new ResiliencePipelineBuilder()
            .AddFallback(new FallbackOptions<int> { FallbackAction = args => { primary = args.PrimaryOutcome; return ValueTask.FromResult(-1); } })
            .AddStrategy(rejecting)
            .Build();

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(1));

        result.Should().Be(-1);
        rejecting.Calls.Should().Be(1);
        primary.IsRejected.Should().BeTrue();
        primary.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task ExecuteCoreAsync_OpenCircuit_RunsFallbackWithCircuitOpenRejection()
    {
        // Arrange: a real breaker opened by five consecutive failures (the guide's default threshold).
        var time = new FakeTimeProvider();
        var breaker = new Resilience.CircuitBreaking.CircuitBreaker("inventory", timeProvider: time);
        for (var i = 0; i < 5; i++)
        {
            await breaker.ExecuteOutcomeAsync<int>(_ => throw new IOException());
        }

        Outcome<int> primary = default;
        var operationRuns = 0;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddFallback(new FallbackOptions<int> { FallbackAction = args => { primary = args.PrimaryOutcome; return ValueTask.FromResult(-1); } })
            .AddCircuitBreaker(breaker)
            .Build();

        // Act
        var result = await pipeline.ExecuteAsync(_ => { operationRuns++; return ValueTask.FromResult(1); });

        // Assert
        breaker.State.Should().Be(CircuitState.Open);
        result.Should().Be(-1);
        operationRuns.Should().Be(0);
        primary.IsRejected.Should().BeTrue();
        primary.Exception.Should().BeOfType<CircuitOpenException>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ExecuteAsync_CustomPredicateHandlesResult_FallsBackOnThatResult()
    {
        var fallback = new FallbackStrategy<int>(new()
        {
            ShouldHandle = args => args.Result is 503,
            FallbackAction = _ => ValueTask.FromResult(200),
        });

        (await fallback.ExecuteAsync(_ => ValueTask.FromResult(503))).Should().Be(200);
        (await fallback.ExecuteAsync(_ => ValueTask.FromResult(404))).Should().Be(404);
    }

    [Fact]
    public async Task ExecuteAsync_CustomPredicateIgnoresException_PropagatesPrimaryException()
    {
        var fallback = new FallbackStrategy<int>(new()
        {
            ShouldHandle = args => args.Exception is TimeoutException,
            FallbackAction = _ => ValueTask.FromResult(0),
        });

        var act = () => fallback.ExecuteAsync(Throws<int>(new ArgumentException("bad"))).AsTask();

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("bad");
    }

    [Fact]
    public async Task ExecuteAsync_FallbackThrows_FallbackFailedExceptionCarriesBothFailures()
    {
        var fallback = new FallbackStrategy<int>(new() { FallbackAction = _ => throw new IOException("cache down") });

        var act = () => fallback.ExecuteAsync(Throws<int>(new TimeoutException("slow"))).AsTask();

        var thrown = (await act.Should().ThrowAsync<FallbackFailedException>()).Which;
        thrown.PrimaryException.Should().BeOfType<TimeoutException>().Which.Message.Should().Be("slow");
        thrown.InnerException.Should().BeOfType<IOException>().Which.Message.Should().Be("cache down");
        thrown.Message.Should().Contain("TimeoutException: slow").And.Contain("IOException: cache down");
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelled_PropagatesCancellationWithoutFallback()
    {
        using var cts = new CancellationTokenSource();
        var fallbackCalls = 0;
        var fallback = new FallbackStrategy<int>(new() { FallbackAction = _ => { fallbackCalls++; return ValueTask.FromResult(0); } });

        var act = () => fallback.ExecuteAsync(
            ct =>
            {
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return ValueTask.FromResult(1);
            },
            cts.Token).AsTask();

        await act.Should().ThrowAsync<OperationCanceledException>();
        fallbackCalls.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteCoreAsync_OtherResultType_PassesThroughUntouched()
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddFallback(new FallbackOptions<string> { FallbackAction = _ => ValueTask.FromResult("fallback") })
            .Build();

        var act = () => pipeline.ExecuteAsync<int>(_ => throw new InvalidOperationException()).AsTask();

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task ExecuteAsync_OnFallback_InvokedBeforeFallbackAction()
    {
        var log = new List<string>();
        var fallback = new FallbackStrategy<int>(new()
        {
            OnFallback = _ => { log.Add("on-fallback"); return ValueTask.CompletedTask; },
            FallbackAction = _ => { log.Add("fallback"); return ValueTask.FromResult(0); },
        });

        await fallback.ExecuteAsync(Throws<int>(new InvalidOperationException()));

        log.Should().Equal("on-fallback", "fallback");
    }

    [Fact]
    public void Ctor_MissingFallbackAction_ThrowsNamingTheOption()
    {
        var act = () => new FallbackStrategy<int>(new FallbackOptions<int>());

        act.Should().Throw<ArgumentException>().WithMessage("Invalid FallbackOptions: FallbackAction must be set; it was null.*").Which.ParamName.Should().Be("options");
    }

    private static Func<CancellationToken, ValueTask<T>> Throws<T>(Exception exception) => _ => throw exception;
}
