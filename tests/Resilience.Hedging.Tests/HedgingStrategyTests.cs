using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Hedging;
using Resilience.Hedging.Internal;
using Resilience.Retry;
using Resilience.Telemetry;
using Resilience.DependencyInjection;
using Resilience.TestUtilities;
using Resilience.TestUtilities.Time;

namespace Resilience.Hedging.Tests;

public sealed class HedgingStrategyTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private static readonly ResiliencePropertyKey<string> Tag = new("tag");
    private readonly FakeTimeProvider _time;
    private readonly ScriptedAttempts _attempts;
    private readonly string _name = "hedging-" + Guid.NewGuid().ToString("N");

    public HedgingStrategyTests()
    {
        _time = new FakeTimeProvider();
        _attempts = new ScriptedAttempts(_time);
    }

    [Fact]
    public void Ctor_Defaults()
    {
        var options = new HedgingOptions<int>();

        options.MaxHedgedAttempts.Should().Be(1);
        options.Delay.Should().Be(TimeSpan.FromSeconds(2));
        options.Name.Should().Be("default");
        options.DelayGenerator.Should().BeNull();
        options.ShouldHandle.Should().BeNull();
        options.ActionGenerator.Should().BeNull();
        options.OnHedging.Should().BeNull();
        options.Budget.Should().BeNull();
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingEveryOptionAndValue()
    {
        var act = () => new HedgingStrategy<int>(new HedgingOptions<int> { MaxHedgedAttempts = 0, Delay = TimeSpan.FromSeconds(-1), Name = string.Empty });

        act.Should().Throw<ArgumentException>().WithMessage(
            "Invalid HedgingOptions: MaxHedgedAttempts must be between 1 and 10; it was 0. Delay must be between * and *, or infinite; it was *. Name must not be empty; it was *");
        new Func<HedgingStrategy<int>>(() => new(new HedgingOptions<int> { MaxHedgedAttempts = 11 })).Should().Throw<ArgumentException>();
        new HedgingStrategy<int>(new HedgingOptions<int> { Delay = System.Threading.Timeout.InfiniteTimeSpan }).MaxHedgedAttempts.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_PrimaryAnswersBeforeDelay_StartsNoHedge()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply> { MaxHedgedAttempts = 3 });
        var call = Run(pipeline);
        await _attempts.Started(0);

        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        _attempts.Succeed(0, new Reply("primary"));

        var outcome = await call;
        outcome.Result!.Name.Should().Be("primary");
        outcome.Result.Disposed.Should().BeFalse();
        _attempts.StartedCount.Should().Be(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _attempts.StartedCount.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_SynchronousSuccess_AllocatesNothing()
    {
        var pipeline = Pipeline(new HedgingOptions<int>());

        var bytes = await AllocationMeter.MeasureAsync(async () => await pipeline.ExecuteAsync(static (s, _) => ValueTask.FromResult(s), 42));

        bytes.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_HedgeWins_PrimaryIsCancelledAwaitedAndItsResultDisposed()
    {
        using var cancelled = new MetricCollector<long>(HedgingMetrics.Cancelled);
        using var started = new MetricCollector<long>(HedgingMetrics.Attempts);
        var pipeline = Pipeline(new HedgingOptions<Reply> { Name = _name });
        _attempts.IgnoreCancellation(0);
        var call = Run(pipeline);
        var primaryToken = (await _attempts.Started(0)).CancellationToken;
        var primaryCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = primaryToken.Register(() => primaryCancelled.SetResult());

        _time.Advance(Delay);
        await _attempts.Started(1);
        _attempts.Succeed(1, new Reply("hedge"));

        // The hedge won, so the primary is cancelled; it ignores that, and the call must wait for it rather than abandon it.
        await primaryCancelled.Task;
        call.IsCompleted.Should().BeFalse();
        var late = new Reply("late primary");
        _attempts.Succeed(0, late);

        var outcome = await call;
        outcome.Result!.Name.Should().Be("hedge");
        outcome.Result.Disposed.Should().BeFalse();
        late.Disposed.Should().BeTrue();
        _attempts.Running.Should().Be(0);
        Sum(started, _name).Should().Be(1);
        Sum(cancelled, _name).Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_PrimaryWinsAfterHedgeStarted_HedgeIsCancelledBeforeTheCallReturns()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply>());
        var call = Run(pipeline);
        await _attempts.Started(0);
        _time.Advance(Delay);
        var hedgeContext = await _attempts.Started(1);

        _attempts.Succeed(0, new Reply("primary"));

        (await call).Result!.Name.Should().Be("primary");
        _attempts.CancelledCount.Should().Be(1);
        _attempts.Running.Should().Be(0);
        hedgeContext.Should().NotBeNull();
    }

    [Fact]
    public async Task ExecuteAsync_HandledFailure_StartsNextAttemptAtOnceWithoutWaitingForTheDelay()
    {
        using var started = new MetricCollector<long>(HedgingMetrics.Attempts);
        var pipeline = Pipeline(new HedgingOptions<Reply> { Name = _name, MaxHedgedAttempts = 2 });
        var call = Run(pipeline);
        await _attempts.Started(0);

        _attempts.Fail(0, new HttpRequestException("refused"));
        await _attempts.Started(1);
        _attempts.Succeed(1, new Reply("second"));

        (await call).Result!.Name.Should().Be("second");
        _attempts.StartedCount.Should().Be(2);
        started.GetMeasurementSnapshot().Should().ContainSingle(m => (string?)m.Tags[HedgingConstants.TriggerTag] == "failure" && (string?)m.Tags[HedgingConstants.NameTag] == _name);
    }

    [Fact]
    public async Task ExecuteAsync_EveryAttemptFails_MakesExactlyOnePlusMaxAttemptsAndReturnsTheLastFailureDisposingEarlierResults()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply>
        {
            MaxHedgedAttempts = 3,
            ShouldHandle = static args => args.Result is Reply { Name: "503" } || args.Exception is not null,
        });
        var call = Run(pipeline);
        var failures = new List<Reply>();
        for (var attempt = 0; attempt <= 3; attempt++)
        {
            await _attempts.Started(attempt);
            var failure = new Reply("503");
            failures.Add(failure);
            _attempts.Succeed(attempt, failure);
        }

        var outcome = await call;
        outcome.Result.Should().BeSameAs(failures[3]);
        failures[3].Disposed.Should().BeFalse();
        failures.Take(3).Should().OnlyContain(r => r.Disposed);
        _attempts.StartedCount.Should().Be(4);
        _time.Advance(TimeSpan.FromMinutes(1));
        _attempts.StartedCount.Should().Be(4);
    }

    [Fact]
    public async Task ExecuteAsync_ParallelMode_StartsEveryAttemptAtOnce()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply> { MaxHedgedAttempts = 3, Delay = TimeSpan.Zero });
        var call = Run(pipeline);

        await Task.WhenAll(_attempts.Started(0), _attempts.Started(1), _attempts.Started(2), _attempts.Started(3));
        _attempts.Succeed(2, new Reply("third"));

        (await call).Result!.Name.Should().Be("third");
        _attempts.CancelledCount.Should().Be(3);
        _attempts.Running.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_FallbackMode_HedgesOnlyOnFailure()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply> { Delay = System.Threading.Timeout.InfiniteTimeSpan });
        var call = Run(pipeline);
        await _attempts.Started(0);

        _time.Advance(TimeSpan.FromHours(1));
        _attempts.StartedCount.Should().Be(1);
        _attempts.Fail(0, new TimeoutException());
        await _attempts.Started(1);
        _attempts.Succeed(1, new Reply("fallback"));

        (await call).Result!.Name.Should().Be("fallback");
    }

    [Fact]
    public async Task ExecuteAsync_DelayGenerator_SchedulesEachAttempt()
    {
        var seen = new List<int>();
        var pipeline = Pipeline(new HedgingOptions<Reply>
        {
            MaxHedgedAttempts = 2,
            DelayGenerator = args => { seen.Add(args.AttemptNumber); return TimeSpan.FromSeconds(args.AttemptNumber); },
        });
        var call = Run(pipeline);
        await _attempts.Started(0);

        // Step the clock: the next timer is set on the race's own flow, after attempt 1 has started.
        await _time.AdvanceUntilCompleteAsync(_attempts.Started(2), TimeSpan.FromMilliseconds(100));
        _attempts.StartedAt(1).Should().BeCloseTo(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
        (_attempts.StartedAt(2) - _attempts.StartedAt(1)).Should().BeCloseTo(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200));
        _attempts.Succeed(2, new Reply("third"));

        (await call).Result!.Name.Should().Be("third");
        seen.Should().StartWith([1, 2]);
    }

    [Fact]
    public async Task ExecuteAsync_BudgetSpent_StartsNoHedgeAndWaitsForThePrimary()
    {
        using var exhausted = new MetricCollector<long>(HedgingMetrics.BudgetExhausted);
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 0, MinRetriesPerSecond = 0 }, _time);
        var pipeline = Pipeline(new HedgingOptions<Reply> { Name = _name, Budget = budget });
        var call = Run(pipeline);
        await _attempts.Started(0);

        _time.Advance(Delay);
        _time.Advance(Delay);
        _attempts.Succeed(0, new Reply("primary"));

        (await call).Result!.Name.Should().Be("primary");
        _attempts.StartedCount.Should().Be(1);
        budget.ExhaustedCount.Should().Be(1);
        Sum(exhausted, _name).Should().Be(1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExecuteAsync_PrimaryFailsAndNoHedgeMayStart_ReturnsThePrimarysFailure(bool budgetSpent)
    {
        // The last running attempt failed and the budget (or the action generator) refuses the next one: nothing is left
        // to wait for, so the call ends with the failure (it used to wait on an empty set of attempts and throw).
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 0, MinRetriesPerSecond = 0 }, _time);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddHedging(new HedgingOptions<int>
            {
                Budget = budgetSpent ? budget : null,
                ActionGenerator = budgetSpent ? null : static _ => null,
            })
            .Build();

        var outcome = await pipeline.ExecuteOutcomeAsync(
            static (_, _) => ValueTask.FromResult(Outcome.FromException<int>(new HttpRequestException("primary failed"))), ResilienceContext.Get(), 0);

        outcome.Exception.Should().BeOfType<HttpRequestException>().Which.Message.Should().Be("primary failed");
    }

    [Fact]
    public async Task ExecuteAsync_BudgetAllowsOne_HedgedAttemptWithdrawsFromIt()
    {
        var budget = new RetryBudget(new RetryBudgetOptions { RetryRatio = 0, MinRetriesPerSecond = 1, Window = TimeSpan.FromSeconds(1) }, _time);
        var pipeline = Pipeline(new HedgingOptions<Reply> { MaxHedgedAttempts = 3, Budget = budget, Delay = TimeSpan.Zero });
        var call = Run(pipeline);

        await Task.WhenAll(_attempts.Started(0), _attempts.Started(1));
        _attempts.Succeed(1, new Reply("hedge"));

        (await call).Result!.Name.Should().Be("hedge");
        _attempts.StartedCount.Should().Be(2);
        budget.AvailableRetries.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_EveryAttemptIsCancelledAndTheCallEndsWithTheCancellation()
    {
        using var cts = new CancellationTokenSource();
        var pipeline = Pipeline(new HedgingOptions<Reply> { MaxHedgedAttempts = 2 });
        var call = Run(pipeline, cts.Token);
        await _attempts.Started(0);
        _time.Advance(Delay);
        await _attempts.Started(1);

        await cts.CancelAsync();

        var outcome = await call;
        outcome.Exception.Should().BeAssignableTo<OperationCanceledException>();
        _attempts.Running.Should().Be(0);
        _attempts.CancelledCount.Should().Be(2);
        _time.Advance(TimeSpan.FromMinutes(1));
        _attempts.StartedCount.Should().Be(2);
    }

    [Fact]
    public async Task ExecuteAsync_EachAttempt_HasItsOwnContextAndTheWinnersPropertiesComeBack()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply>());
        var context = ResilienceContext.Get();
        context.SetProperty(Tag, "caller");
        context.OperationType = "standard_request";
        var call = pipeline.ExecuteOutcomeAsync(static (c, s) => s.RunAsync(c), context, _attempts).AsTask();
        var primary = await _attempts.Started(0);
        _time.Advance(Delay);
        var hedge = await _attempts.Started(1);

        hedge.Should().NotBeSameAs(primary);
        hedge.AttemptNumber.Should().Be(1);
        hedge.OperationType.Should().Be("standard_request");
        hedge.TryGetProperty(Tag, out var copied).Should().BeTrue();
        copied.Should().Be("caller");
        hedge.CancellationToken.Should().NotBe(primary.CancellationToken);
        hedge.SetProperty(Tag, "winner");
        _attempts.Succeed(1, new Reply("hedge"));

        await call;
        context.TryGetProperty(Tag, out var back).Should().BeTrue();
        back.Should().Be("winner");
        context.AttemptNumber.Should().Be(1);
        context.CancellationToken.Should().Be(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_ActionGenerator_RunsItsActionAndNullStopsFurtherAttempts()
    {
        var generated = new List<int>();
        var pipeline = Pipeline(new HedgingOptions<Reply>
        {
            MaxHedgedAttempts = 3,
            ActionGenerator = args =>
            {
                generated.Add(args.AttemptNumber);
                return args.AttemptNumber == 1 ? () => args.Callback(args.ActionContext) : null;
            },
        });
        var call = Run(pipeline);
        await _attempts.Started(0);
        _time.Advance(Delay);
        await _attempts.Started(1);
        _attempts.Fail(1, new HttpRequestException("second endpoint down"));

        // The generator refused attempt 2, so the call waits for the primary.
        _time.Advance(Delay);
        _attempts.StartedCount.Should().Be(2);
        _attempts.Succeed(0, new Reply("primary"));

        (await call).Result!.Name.Should().Be("primary");
        generated.Should().Equal(1, 2);
    }

    [Fact]
    public async Task ExecuteAsync_OnHedgingThrows_LogsAndCountsAndStillStartsTheAttempt()
    {
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        using var errors = new MetricCollector<long>(HedgingMetrics.CallbackErrors);
        var pipeline = Pipeline(new HedgingOptions<Reply>
        {
            Name = _name,
            TelemetryListener = factory.CreateResilienceTelemetryListener(),
            OnHedging = static _ => throw new InvalidOperationException("boom"),
        });
        var call = Run(pipeline);
        await _attempts.Started(0);
        _time.Advance(Delay);
        await _attempts.Started(1);
        _attempts.Succeed(1, new Reply("hedge"));

        (await call).Result!.Name.Should().Be("hedge");
        logs.GetSnapshot().Should().Contain(r => r.Id.Id == HedgingConstants.CallbackFailedEventId && r.Level == LogLevel.Error && r.Message.Contains("InvalidOperationException", StringComparison.Ordinal));
        logs.GetSnapshot().Should().Contain(r => r.Id.Id == HedgingConstants.HedgedAttemptEventId);
        var counted = errors.GetMeasurementSnapshot().Where(m => (string?)m.Tags[HedgingConstants.NameTag] == _name).Should().ContainSingle().Subject;
        counted.Value.Should().Be(1);
        counted.Tags[HedgingConstants.CallbackTag].Should().Be("on_hedging");
        counted.Tags[HedgingConstants.ErrorTypeTag].Should().Be(typeof(InvalidOperationException).FullName);
    }

    [Fact]
    public async Task ExecuteAsync_OtherResultType_PassesThroughUntouched()
    {
        var pipeline = Pipeline(new HedgingOptions<Reply> { Delay = TimeSpan.Zero, MaxHedgedAttempts = 5 });
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(3); });

        result.Should().Be(3);
        calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCalls_EveryAttemptIsAwaitedAndNoneOutlivesItsCall()
    {
        var pipeline = new ResiliencePipelineBuilder().AddHedging(new HedgingOptions<int> { MaxHedgedAttempts = 2, Delay = TimeSpan.Zero }).Build();
        var running = 0;
        var leaked = 0;

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var result = await pipeline.ExecuteAsync(async ct =>
            {
                Interlocked.Increment(ref running);
                try
                {
                    await Task.Yield();
                    return i;
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            });
            if (result != i)
            {
                Interlocked.Increment(ref leaked);
            }
        }));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        leaked.Should().Be(0);
        running.Should().Be(0);
    }

    private ResiliencePipeline Pipeline<T>(HedgingOptions<T> options) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }.AddHedging(options).Build();

    private Task<Outcome<Reply>> Run(ResiliencePipeline pipeline, CancellationToken cancellationToken = default) =>
        pipeline.ExecuteOutcomeAsync(static (c, s) => s.RunAsync(c), ResilienceContext.Get(cancellationToken), _attempts).AsTask();

    private static long Sum(MetricCollector<long> collector, string name) =>
        collector.GetMeasurementSnapshot().Where(m => (string?)m.Tags[HedgingConstants.NameTag] == name).Sum(m => m.Value);
}
