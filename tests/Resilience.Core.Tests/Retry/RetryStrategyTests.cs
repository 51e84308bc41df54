using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;
using Resilience.Retry;
using Resilience.TestUtilities;
using Resilience.TestUtilities.Time;
using Resilience.Timeout;
using Resilience.DependencyInjection;

namespace Resilience.Core.Tests.Retry;

public sealed class RetryStrategyTests
{
    private readonly FakeTimeProvider _time = new();

    public static TheoryData<Exception, bool> SelectiveRetryTable => new()
    {
        { new HttpRequestException("down"), true },
        { new IOException("reset"), true },
        { new SocketException(), true },
        { new TimeoutException(), true },
        { new TimeoutRejectedException(OperationTypes.StandardRequest, TimeSpan.FromSeconds(30)), true },
        { new InvalidOperationException(), false },
        { new ArgumentException("bad"), false },
        { new OperationCanceledException(), false },
        { new ExecutionRejectedException(), false },
    };

    [Theory]
    [MemberData(nameof(SelectiveRetryTable))]
    public async Task ExecuteAsync_DefaultPredicate_RetriesOnlyTransientExceptions(Exception exception, bool retried)
    {
        var calls = 0;
        var pipeline = Build(new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero });

        var act = () => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw exception;
        }).AsTask();

        await act.Should().ThrowAsync<Exception>();
        calls.Should().Be(retried ? 2 : 1);
    }

    [Fact]
    public async Task ExecuteAsync_TransientThenSuccess_ReturnsResultAfterRetries()
    {
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero });

        var result = await pipeline.ExecuteAsync(_ => ++calls < 3 ? throw new HttpRequestException("503") : ValueTask.FromResult(calls));

        result.Should().Be(3);
    }

    [Fact]
    public async Task ExecuteAsync_AttemptsExhausted_RethrowsLastExceptionWithItsStack()
    {
        var thrown = new List<Exception>();
        var pipeline = Build(new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero });

        var act = () => pipeline.ExecuteAsync(_ => FailingOperation(thrown)).AsTask();

        var caught = (await act.Should().ThrowAsync<IOException>()).Which;
        thrown.Should().HaveCount(3);
        caught.Should().BeSameAs(thrown[^1]);
        caught.StackTrace.Should().Contain(nameof(FailingOperation));
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancelled_NeverRetriedEvenIfPredicateSaysSo()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, ShouldHandle = _ => true });

        var act = () => pipeline.ExecuteAsync<int>(
            ct =>
            {
                calls++;
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return ValueTask.FromResult(1);
            },
            cts.Token).AsTask();

        await act.Should().ThrowAsync<OperationCanceledException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_ResultPredicate_Retries503Result()
    {
        var statuses = new Queue<int>([503, 503, 200]);
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, ShouldHandle = a => a.Result is 503 });

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(statuses.Dequeue()));

        result.Should().Be(200);
        statuses.Should().BeEmpty();
    }

    [Fact]
    public async Task ExecuteAsync_FailedDisposableResult_DisposedBeforeNextAttempt()
    {
        var first = new TrackedResponse(503);
        var second = new TrackedResponse(200);
        var responses = new Queue<TrackedResponse>([first, second]);
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, ShouldHandle = a => a.Result is TrackedResponse { Status: 503 } });

        var result = await pipeline.ExecuteAsync(_ =>
        {
            if (responses.Count == 1)
            {
                first.Disposed.Should().BeTrue("the failed response is released before the next attempt");
            }

            return ValueTask.FromResult(responses.Dequeue());
        });

        result.Should().BeSameAs(second);
        second.Disposed.Should().BeFalse();
    }

    public static TheoryData<string> ThrowingCallbacks => new() { "ShouldHandle", "RetryAfterExtractor", "DelayGenerator", "OnRetry" };

    [Theory]
    [MemberData(nameof(ThrowingCallbacks))]
    public async Task ExecuteAsync_CallbackThrowsAfterFailedDisposableResult_DisposesResultAndSurfacesCallbackException(string callback)
    {
        var failed = new TrackedResponse(503);
        var broken = new InvalidOperationException(callback);
        var options = new RetryOptions
        {
            BaseDelay = TimeSpan.Zero,
            ShouldHandle = callback == "ShouldHandle" ? _ => throw broken : a => a.Result is TrackedResponse { Status: 503 },
            RetryAfterExtractor = callback == "RetryAfterExtractor" ? _ => throw broken : null,
            DelayGenerator = callback == "DelayGenerator" ? _ => throw broken : null,
            OnRetry = callback == "OnRetry" ? _ => throw broken : null,
        };
        var calls = 0;

        var act = async () => await Build(options).ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(failed);
        });

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(broken);
        calls.Should().Be(1, "a broken callback ends the call; it does not retry");
        failed.Disposed.Should().BeTrue("the caller never receives the failed response, so nobody else could release its connection");
    }

    [Fact]
    public async Task ExecuteAsync_RejectionWithLongerRetryAfter_NotRetried()
    {
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.FromSeconds(1), Jitter = JitterMode.None });

        var act = () => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new ExecutionRejectedException("open") { RetryAfter = TimeSpan.FromSeconds(5) };
        }).AsTask();

        await act.Should().ThrowAsync<ExecutionRejectedException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_RejectionOverBeforeNextDelay_Retried()
    {
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, MaxAttempts = 2 });

        var result = await pipeline.ExecuteAsync(_ =>
            ++calls == 1 ? throw new ExecutionRejectedException("open") { RetryAfter = TimeSpan.Zero } : ValueTask.FromResult(calls));

        result.Should().Be(2);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterHint_WaitsForTheHint()
    {
        var calls = 0;
        var pipeline = Build(new RetryOptions
        {
            BaseDelay = TimeSpan.FromSeconds(1),
            RetryAfterExtractor = a => a.Exception is HttpRequestException ? TimeSpan.FromSeconds(5) : null,
        });

        var task = pipeline.ExecuteAsync(_ => ++calls == 1 ? throw new HttpRequestException("429") : ValueTask.FromResult(calls)).AsTask();

        _time.Advance(TimeSpan.FromSeconds(4.9));
        calls.Should().Be(1, "the 5 s hint replaces the 1 s backoff");
        _time.Advance(TimeSpan.FromSeconds(0.1));
        (await task).Should().Be(2);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterHintAboveMax_CappedAtMaxRetryAfter()
    {
        var delays = new List<TimeSpan>();
        var pipeline = Build(new RetryOptions
        {
            MaxAttempts = 2,
            MaxRetryAfter = TimeSpan.FromSeconds(20),
            RetryAfterExtractor = _ => TimeSpan.FromMinutes(10),
            OnRetry = a =>
            {
                delays.Add(a.Delay);
                return ValueTask.CompletedTask;
            },
        });

        var task = pipeline.ExecuteAsync<int>(_ => throw new HttpRequestException("429")).AsTask();
        _time.Advance(TimeSpan.FromSeconds(20));

        await task.Invoking(t => t).Should().ThrowAsync<HttpRequestException>();
        delays.Should().Equal(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringDelay_EndsWaitAtOnce()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.FromSeconds(10) });

        var task = pipeline.ExecuteAsync<int>(
            _ =>
            {
                calls++;
                throw new HttpRequestException("down");
            },
            cts.Token).AsTask();
        task.IsCompleted.Should().BeFalse("the stage is waiting out the delay");

        await cts.CancelAsync();

        await task.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_OnRetryAndAttemptNumber_ReportEachAttempt()
    {
        var seen = new List<int>();
        var retried = new List<(int Attempt, TimeSpan Delay)>();
        var pipeline = Build(new RetryOptions
        {
            MaxAttempts = 3,
            BaseDelay = TimeSpan.Zero,
            OnRetry = a =>
            {
                retried.Add((a.AttemptNumber, a.Delay));
                return ValueTask.CompletedTask;
            },
        });
        var context = ResilienceContext.Get();

        var outcome = await pipeline.ExecuteOutcomeAsync(
            (ctx, _) =>
            {
                seen.Add(ctx.AttemptNumber);
                return ValueTask.FromResult(Outcome.FromException<int>(new IOException()));
            },
            context,
            0);

        outcome.Exception.Should().BeOfType<IOException>();
        seen.Should().Equal(0, 1, 2);
        retried.Should().Equal((0, TimeSpan.Zero), (1, TimeSpan.Zero));
        ResilienceContext.Return(context);
    }

    [Fact]
    public async Task ExecuteAsync_Retry_LogsAttemptNOfMaxWithDelayAndError()
    {
        var logger = new FakeLogger();
        var factory = Substitute.For<ILoggerFactory>();
        factory.CreateLogger(Arg.Any<string>()).Returns(logger);
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, TelemetryListener = factory.CreateResilienceTelemetryListener() });

        await pipeline.ExecuteAsync(_ => ++calls == 1 ? throw new IOException("reset") : ValueTask.FromResult(1));

        logger.LatestRecord.Level.Should().Be(LogLevel.Warning);
        logger.LatestRecord.Message.Should().Be("Retry attempt 1/3 after 00:00:00 delay. Error: System.IO.IOException", "the log names the error type but never its message, which can carry secrets");
    }

    [Fact]
    public async Task ExecuteAsync_BudgetSpent_FailsWithOwnErrorAndCountsIt()
    {
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 0, MinRetriesPerSecond = 0 }, _time);
        var calls = 0;
        var pipeline = Build(new RetryOptions { BaseDelay = TimeSpan.Zero, Budget = budget });

        var act = () => pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new HttpRequestException("down");
        }).AsTask();

        await act.Should().ThrowAsync<HttpRequestException>().WithMessage("down");
        calls.Should().Be(1);
        budget.ExhaustedCount.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_SeededRandomizer_DelaysAreReproducible()
    {
        async Task<List<TimeSpan>> Run()
        {
            var time = new FakeTimeProvider();
            var random = new Random(7);
            var delays = new List<TimeSpan>();
            var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryOptions
                {
                    MaxAttempts = 4,
                    Jitter = JitterMode.Full,
                    Randomizer = random.NextDouble,
                    OnRetry = a =>
                    {
                        delays.Add(a.Delay);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
            var task = pipeline.ExecuteAsync<int>(_ => throw new IOException()).AsTask();
            await time.Invoking(t => t.AdvanceUntilCompleteAsync(task, TimeSpan.FromSeconds(1))).Should().ThrowAsync<IOException>();
            return delays;
        }

        var first = await Run();
        first.Should().HaveCount(3);
        (await Run()).Should().Equal(first);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessPath_AllocatesNothing()
    {
        var pipeline = Build(new RetryOptions());

        var allocated = await AllocationMeter.MeasureAsync(async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), 1));

        allocated.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_UnhandledResultWithAResultPredicate_IsFinalAndAllocatesNothing()
    {
        // A reference-type result, as an HTTP response is: OutcomeArguments carries the result as object, so a value type would be boxed.
        var pipeline = Build(new RetryOptions { ShouldHandle = static a => a.Result is "500" });

        var allocated = await AllocationMeter.MeasureAsync(async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), "200"));

        allocated.Should().Be(0, "a result the predicate does not handle (an HTTP 200) runs no retry loop");
    }

    [Fact]
    public async Task ExecuteAsync_HandledThenUnhandledResult_AsksThePredicateOncePerAttempt()
    {
        var asked = new List<int>();
        var results = new Queue<int>([500, 200]);
        var pipeline = Build(new RetryOptions
        {
            BaseDelay = TimeSpan.Zero,
            ShouldHandle = a =>
            {
                asked.Add((int)a.Result!);
                return a.Result is 500;
            },
        });

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(results.Dequeue()), TestContext.Current.CancellationToken);

        result.Should().Be(200);
        asked.Should().Equal(500, 200);
    }

    [Fact]
    public async Task ExecuteAsync_ResultPredicateThrowsOnTheSynchronousPath_FaultsTheTaskAndDisposesTheResult()
    {
        var result = new DisposableResult();
        var pipeline = Build(new RetryOptions { ShouldHandle = static _ => throw new InvalidOperationException("predicate") });

        var call = pipeline.ExecuteAsync(_ => ValueTask.FromResult(result), TestContext.Current.CancellationToken);

        call.IsFaulted.Should().BeTrue("a throwing predicate comes back as a faulted task, not a throw from the call");
        await call.Invoking(async c => await c).Should().ThrowAsync<InvalidOperationException>().WithMessage("predicate");
        result.Disposed.Should().BeTrue("nobody else could release what the result holds");
    }

    private sealed class DisposableResult : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Ctor_InvalidOptions_NamesEveryBadOptionAndValue()
    {
        var act = () => new RetryStrategy(new RetryOptions
        {
            MaxAttempts = 0,
            BaseDelay = TimeSpan.FromSeconds(5),
            MaxDelay = TimeSpan.FromSeconds(1),
            ExponentialBase = 0.5,
        });

        act.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage(
            "Invalid RetryOptions: MaxAttempts must be between 1 and 100; it was 0. "
            + "MaxDelay must not be less than BaseDelay (00:00:05); it was 00:00:01. "
            + "ExponentialBase must be between 1 and 100; it was 0.5.*");
    }

    [Fact]
    public void RetryOptions_Ctor_Defaults()
    {
        var options = new RetryOptions();

        options.MaxAttempts.Should().Be(3);
        options.BaseDelay.Should().Be(TimeSpan.FromSeconds(1));
        options.MaxDelay.Should().Be(TimeSpan.FromSeconds(30));
        options.ExponentialBase.Should().Be(2.0);
        options.Jitter.Should().Be(JitterMode.Proportional);
        options.MaxRetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        options.ShouldHandle.Should().BeNull();
        options.DelayGenerator.Should().BeNull();
        options.RetryAfterExtractor.Should().BeNull();
        options.Budget.Should().BeNull();
    }

    [Fact]
    public async Task ExecuteAsync_DelayGenerator_ReplacesBackoffButStaysCapped()
    {
        var delays = new List<TimeSpan>();
        var pipeline = Build(new RetryOptions
        {
            MaxAttempts = 3,
            MaxDelay = TimeSpan.FromSeconds(3),
            DelayGenerator = a => TimeSpan.FromSeconds(2 + (a.Context.AttemptNumber * 5)),
            OnRetry = a =>
            {
                delays.Add(a.Delay);
                return ValueTask.CompletedTask;
            },
        });

        var task = pipeline.ExecuteAsync<int>(_ => throw new IOException()).AsTask();

        await _time.Invoking(t => t.AdvanceUntilCompleteAsync(task, TimeSpan.FromSeconds(1))).Should().ThrowAsync<IOException>();
        delays.Should().Equal(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<int> FailingOperation(List<Exception> thrown)
    {
        var ex = new IOException($"failure {thrown.Count + 1}");
        thrown.Add(ex);
        throw ex;
    }

    private ResiliencePipeline Build(RetryOptions options) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }.AddRetry(options).Build();

    private sealed class TrackedResponse(int status) : IDisposable
    {
        public int Status { get; } = status;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
