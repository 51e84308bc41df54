using Resilience.CircuitBreaker;

namespace Resilience.Core.Tests.CircuitBreaker;

using Breaker = Resilience.CircuitBreaker.CircuitBreaker;

/// <summary>The guide's scenarios and the execution API of <see cref="Breaker"/>.</summary>
public sealed partial class CircuitBreakerTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly List<CircuitStateChangedEventArgs> _events = [];
    private int _calls;

    [Fact]
    public async Task ExecuteAsync_FailuresReachThreshold_OpensCircuit()
    {
        var breaker = Create(new() { FailureThreshold = 3 });

        for (var i = 0; i < 2; i++)
        {
            await FailAsync(breaker);
        }

        breaker.State.Should().Be(CircuitState.Closed);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open);
        _calls.Should().Be(3);
        _events.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            BreakerName = "test",
            PreviousState = CircuitState.Closed,
            NewState = CircuitState.Open,
            Reason = CircuitStateChangeReason.FailureThresholdReached,
            Epoch = 1L,
            BreakDuration = (TimeSpan?)Break,
        });
    }

    [Fact]
    public async Task ExecuteAsync_Open_FailsFastWithoutCallingOperation()
    {
        var breaker = Create(new() { FailureThreshold = 3 });
        await TripAsync(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(10));

        var act = () => SucceedAsync(breaker).AsTask();

        var rejected = (await act.Should().ThrowAsync<CircuitOpenException>()).Which;
        rejected.BreakerName.Should().Be("test");
        rejected.State.Should().Be(CircuitState.Open);
        rejected.RetryAfter.Should().Be(TimeSpan.FromSeconds(20));
        rejected.Should().BeAssignableTo<ExecutionRejectedException>().And.BeAssignableTo<ResilienceException>();
        _calls.Should().Be(3, "the open circuit must not call the operation");
    }

    [Fact]
    public async Task ExecuteAsync_BreakNotYetElapsed_StillRejects()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);
        _time.Advance(Break - TimeSpan.FromTicks(1));

        await FluentActions.Awaiting(() => SucceedAsync(breaker).AsTask()).Should().ThrowAsync<CircuitOpenException>()
            .Where(e => e.RetryAfter == TimeSpan.FromTicks(1));
        breaker.State.Should().Be(CircuitState.Open);
        _calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_BreakElapsed_ProbeSucceeds_ClosesCircuit()
    {
        var breaker = Create(new() { FailureThreshold = 2 });
        await TripAsync(breaker, 2);
        _time.Advance(Break);

        var result = await SucceedAsync(breaker);

        result.Should().Be(42);
        breaker.State.Should().Be(CircuitState.Closed);
        _events.Select(e => (e.PreviousState, e.NewState, e.Reason)).Should().Equal(
            (CircuitState.Closed, CircuitState.Open, CircuitStateChangeReason.FailureThresholdReached),
            (CircuitState.Open, CircuitState.HalfOpen, CircuitStateChangeReason.BreakElapsed),
            (CircuitState.HalfOpen, CircuitState.Closed, CircuitStateChangeReason.ProbesSucceeded));
        _events.Select(e => e.Epoch).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task ExecuteAsync_ProbeFails_ReopensAndFailsFastAgain()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);
        _time.Advance(Break);

        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open);
        _events.Last().Reason.Should().Be(CircuitStateChangeReason.ProbeFailed);
        await FluentActions.Awaiting(() => SucceedAsync(breaker).AsTask()).Should().ThrowAsync<CircuitOpenException>();
        _calls.Should().Be(2);
    }

    [Fact]
    public async Task ExecuteAsync_HalfOpen_AdmitsAtMostHalfOpenMaxCallsProbes()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 2 });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var probe1 = breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(gate.Task)));
        var probe2 = breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(gate.Task)));
        var third = () => breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(1))).AsTask();

        var rejected = (await third.Should().ThrowAsync<CircuitOpenException>()).Which;
        rejected.State.Should().Be(CircuitState.HalfOpen);
        rejected.RetryAfter.Should().BeNull();
        _calls.Should().Be(3, "one failure and two probes ran; the third caller was rejected, not queued");

        gate.SetResult(7);
        (await probe1).Should().Be(7);
        (await probe2).Should().Be(7);
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessThreshold_NeedsThatManyProbeSuccesses()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 3, SuccessThreshold = 2 });
        await TripAsync(breaker, 1);
        _time.Advance(Break);

        await SucceedAsync(breaker);
        breaker.State.Should().Be(CircuitState.HalfOpen);

        await SucceedAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessBetweenFailures_ResetsConsecutiveCount()
    {
        var breaker = Create(new() { FailureThreshold = 3 });

        await FailAsync(breaker);
        await FailAsync(breaker);
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed);
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(2);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_ExcludedException_RethrownAndNeverCounted()
    {
        var breaker = Create(new() { FailureThreshold = 1, ExcludedExceptions = { typeof(ArgumentException) } });

        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(_ => throw new ArgumentException("bad input")).AsTask())
            .Should().ThrowAsync<ArgumentException>().WithMessage("bad input");
        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(_ => throw new ArgumentNullException("x")).AsTask())
            .Should().ThrowAsync<ArgumentNullException>("derived types are excluded too");

        breaker.State.Should().Be(CircuitState.Closed);
        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 0 && s.ConsecutiveFailures == 0);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancellation_NeverCounts()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(ct => throw new OperationCanceledException(ct), cts.Token).AsTask())
            .Should().ThrowAsync<OperationCanceledException>();

        breaker.State.Should().Be(CircuitState.Closed);
        breaker.GetSnapshot().WindowFailures.Should().Be(0);
    }

    [Fact]
    public async Task ExecuteAsync_CancellationNotCausedByCaller_CountsAsFailure()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(_ => throw new TaskCanceledException("server timeout")).AsTask())
            .Should().ThrowAsync<TaskCanceledException>();

        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_ShouldHandleOnResult_CountsResultsAsFailures()
    {
        var breaker = Create(new() { FailureThreshold = 2, ShouldHandle = args => args.Result is 503 });

        (await breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(503)))).Should().Be(503, "a handled result is still returned");
        (await breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(200)))).Should().Be(200);
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(0, "the 200 reset the count");
        await breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(503)));
        await breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(503)));

        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 3 && s.WindowSuccesses == 1);
    }

    [Fact]
    public async Task ExecuteAsync_ShouldHandleDeclinesException_CountsAsSuccess()
    {
        var breaker = Create(new() { FailureThreshold = 1, ShouldHandle = args => args.Exception is TimeoutException });

        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(_ => throw new InvalidOperationException()).AsTask())
            .Should().ThrowAsync<InvalidOperationException>();
        breaker.State.Should().Be(CircuitState.Closed);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(1);

        await FluentActions.Awaiting(() => breaker.ExecuteAsync<int>(_ => throw new TimeoutException()).AsTask())
            .Should().ThrowAsync<TimeoutException>();
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_ShouldHandleThrows_ProbeSlotIsReleased()
    {
        var throwing = false;
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1, ShouldHandle = args => throwing ? throw new FormatException() : args.Exception is not null });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        throwing = true;

        await FluentActions.Awaiting(() => SucceedAsync(breaker).AsTask()).Should().ThrowAsync<FormatException>();
        throwing = false;

        (await SucceedAsync(breaker)).Should().Be(42, "the probe slot of the first call was given back");
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task ExecuteAsync_SlowSuccess_CountsAsFailure()
    {
        var breaker = Create(new() { FailureThreshold = 2, SlowCallDuration = TimeSpan.FromSeconds(1) });

        await breaker.ExecuteAsync(_ => SlowCall(TimeSpan.FromMilliseconds(999)));
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(0, "a call under the limit is a success");
        await breaker.ExecuteAsync(_ => SlowCall(TimeSpan.FromSeconds(1)));
        breaker.State.Should().Be(CircuitState.Closed);
        (await breaker.ExecuteAsync(_ => SlowCall(TimeSpan.FromSeconds(5)))).Should().Be(1, "a slow call still returns its result");

        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 2 && s.WindowSuccesses == 1);
    }

    [Fact]
    public async Task ExecuteAsync_SlowProbe_ReopensCircuit()
    {
        var breaker = Create(new() { FailureThreshold = 1, SlowCallDuration = TimeSpan.FromSeconds(1) });
        await TripAsync(breaker, 1);
        _time.Advance(Break);

        await breaker.ExecuteAsync(_ => SlowCall(TimeSpan.FromSeconds(2)));

        breaker.State.Should().Be(CircuitState.Open);
        _events.Last().Reason.Should().Be(CircuitStateChangeReason.ProbeFailed);
    }

    [Fact]
    public async Task ExecuteAsync_FailureAdmittedWhileClosed_CompletingWhileHalfOpen_IsNotAProbeResult()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1 });
        var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var staleCall = breaker.ExecuteAsync(_ => new ValueTask<int>(slow.Task));
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        var probe = breaker.AcquirePermit();
        probe.IsProbe.Should().BeTrue();

        slow.SetException(new InvalidOperationException("late failure"));
        await FluentActions.Awaiting(() => staleCall.AsTask()).Should().ThrowAsync<InvalidOperationException>();

        breaker.State.Should().Be(CircuitState.HalfOpen, "the late failure belongs to an earlier epoch");
        breaker.GetSnapshot().WindowFailures.Should().Be(0, "the trip's failure left the window and a stale outcome is not counted anywhere");
        probe.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task ExecuteAsync_SuccessOfEarlierHalfOpenPeriod_DoesNotCloseNewerPeriod()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 2 });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        var oldProbe = breaker.AcquirePermit();
        await FailAsync(breaker);
        _time.Advance(Break);
        var newProbe = breaker.AcquirePermit();
        newProbe.IsProbe.Should().BeTrue();

        oldProbe.RecordSuccess();

        breaker.State.Should().Be(CircuitState.HalfOpen);
        newProbe.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_BreakGrowth_MultipliesUpToCapAndRestartsAfterClose()
    {
        var breaker = Create(new()
        {
            FailureThreshold = 1,
            BreakDuration = TimeSpan.FromSeconds(10),
            BreakDurationMultiplier = 2,
            MaxBreakDuration = TimeSpan.FromSeconds(30),
        });

        await TripAsync(breaker, 1);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(_events.Last().BreakDuration!.Value);
            await FailAsync(breaker);
        }

        _events.Where(e => e.NewState == CircuitState.Open).Select(e => e.BreakDuration).Should().Equal(
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        breaker.GetSnapshot().ConsecutiveTrips.Should().Be(4);

        _time.Advance(TimeSpan.FromSeconds(30));
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        _events.Last().BreakDuration.Should().Be(TimeSpan.FromSeconds(10), "closing restarts the schedule");
    }

    [Fact]
    public async Task ExecuteAsync_BreakDurationGenerator_ReplacesSchedule()
    {
        var seen = new List<BreakDurationGeneratorArguments>();
        var breaker = Create(new()
        {
            FailureThreshold = 1,
            BreakDurationMultiplier = 3,
            BreakDurationGenerator = args =>
            {
                seen.Add(args);
                return TimeSpan.FromSeconds(7 * args.ConsecutiveTrips);
            },
        });

        await TripAsync(breaker, 1);
        _time.Advance(TimeSpan.FromSeconds(7));
        await FailAsync(breaker);

        _events.Where(e => e.NewState == CircuitState.Open).Select(e => e.BreakDuration)
            .Should().Equal(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(14));
        seen.Select(a => (a.BreakerName, a.ConsecutiveTrips, a.DefaultBreakDuration)).Should().Equal(
            ("test", 1, Break), ("test", 2, Break * 3));
    }

    [Fact]
    public async Task ExecuteAsync_BreakDurationGeneratorThrows_DefaultScheduleStillOpensCircuit()
    {
        var breaker = Create(new() { FailureThreshold = 1, BreakDurationGenerator = _ => throw new InvalidOperationException("bug") });

        await TripAsync(breaker, 1);

        breaker.State.Should().Be(CircuitState.Open);
        _events.Single().BreakDuration.Should().Be(Break);
    }

    [Fact]
    public async Task Isolate_RejectsEveryCallUntilReset()
    {
        var breaker = Create();

        breaker.Isolate();
        _time.Advance(TimeSpan.FromDays(1));

        var rejected = (await FluentActions.Awaiting(() => SucceedAsync(breaker).AsTask()).Should().ThrowAsync<CircuitOpenException>()).Which;
        rejected.State.Should().Be(CircuitState.Isolated);
        rejected.RetryAfter.Should().BeNull();
        _calls.Should().Be(0);
        breaker.State.Should().Be(CircuitState.Isolated);

        breaker.Reset();
        (await SucceedAsync(breaker)).Should().Be(42);
        _events.Select(e => (e.NewState, e.Reason)).Should().Equal(
            (CircuitState.Isolated, CircuitStateChangeReason.Isolated),
            (CircuitState.Closed, CircuitStateChangeReason.Reset));
    }

    [Fact]
    public void Isolate_AlreadyIsolated_RaisesNoSecondEvent()
    {
        var breaker = Create();

        breaker.Isolate();
        breaker.Isolate();

        _events.Should().ContainSingle();
    }

    [Fact]
    public async Task Reset_Open_ClosesAndClearsCounters()
    {
        var breaker = Create(new() { FailureThreshold = 2 });
        await TripAsync(breaker, 2);

        breaker.Reset();

        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s =>
            s.State == CircuitState.Closed && s.ConsecutiveFailures == 0 && s.WindowFailures == 0 && s.ConsecutiveTrips == 0);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed, "the count restarted from zero");
    }

    [Fact]
    public async Task Reset_Closed_ClearsCountersWithoutEvent()
    {
        var breaker = Create(new() { FailureThreshold = 2 });
        await FailAsync(breaker);

        breaker.Reset();

        _events.Should().BeEmpty();
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(0);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task StateChanged_ThrowingHandler_DoesNotBreakBreakerOrOtherHandlers()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        var second = 0;
        breaker.StateChanged += (_, _) => throw new InvalidOperationException("subscriber bug");
        breaker.StateChanged += (_, _) => second++;

        await TripAsync(breaker, 1);
        _time.Advance(Break);
        await SucceedAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed);
        second.Should().Be(3);
        _events.Should().HaveCount(3);
    }

    [Fact]
    public async Task StateChanged_TimestampComesFromTimeProvider()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        _time.Advance(TimeSpan.FromMinutes(3));
        var expected = _time.GetUtcNow();

        await TripAsync(breaker, 1);

        _events.Single().Timestamp.Should().Be(expected);
    }

    [Fact]
    public async Task GetSnapshot_ReportsStateCountersAndTimes()
    {
        var created = _time.GetUtcNow();
        var breaker = Create(new() { FailureThreshold = 3 });
        breaker.GetSnapshot().Should().Be(new CircuitBreakerSnapshot
        {
            Name = "test",
            State = CircuitState.Closed,
            LastStateChangeAt = created,
        });

        await SucceedAsync(breaker);
        await SucceedAsync(breaker);
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        var closed = breaker.GetSnapshot();
        closed.SuccessRate.Should().Be(0.75);
        closed.ConsecutiveFailures.Should().Be(1);

        _time.Advance(TimeSpan.FromSeconds(5));
        await TripAsync(breaker, 2);
        var open = breaker.GetSnapshot();

        open.State.Should().Be(CircuitState.Open);
        open.Epoch.Should().Be(1);
        open.ConsecutiveFailures.Should().Be(3);
        open.ConsecutiveTrips.Should().Be(1);
        open.WindowFailures.Should().Be(3);
        open.WindowSuccesses.Should().Be(3);
        open.SuccessRate.Should().Be(0.5);
        open.LastStateChangeAt.Should().Be(created + TimeSpan.FromSeconds(5));
        open.BreakEndsAt.Should().Be(created + TimeSpan.FromSeconds(5) + Break);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_Open_ReturnsRejectionWithoutThrowing()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);

        var outcome = await breaker.ExecuteOutcomeAsync(_ => Counted(new ValueTask<int>(1)));

        outcome.IsRejected.Should().BeTrue();
        outcome.HasResult.Should().BeFalse();
        outcome.RetryAfter.Should().Be(Break);
        outcome.Exception.Should().BeOfType<CircuitOpenException>().Which.BreakerName.Should().Be("test");
        _calls.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_OperationThrows_ReturnsExceptionAndCountsIt()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        var outcome = await breaker.ExecuteOutcomeAsync<int, int>((_, _) => throw new TimeoutException(), 0);

        outcome.Exception.Should().BeOfType<TimeoutException>();
        outcome.IsRejected.Should().BeFalse();
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_AsyncOperation_ReturnsResult()
    {
        var breaker = Create();

        var outcome = await breaker.ExecuteOutcomeAsync(async _ =>
        {
            await Task.Yield();
            return 5;
        });

        outcome.Result.Should().Be(5);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_AsynchronousFailure_IsCounted()
    {
        var breaker = Create(new() { FailureThreshold = 1 });

        await FluentActions.Awaiting(() => breaker.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException();
        }).AsTask()).Should().ThrowAsync<InvalidOperationException>();

        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_VoidForms_CountOutcomes()
    {
        var breaker = Create(new() { FailureThreshold = 2 });
        var ran = 0;

        await breaker.ExecuteAsync(_ =>
        {
            ran++;
            return ValueTask.CompletedTask;
        });
        await breaker.ExecuteAsync(static async (counter, _) =>
        {
            await Task.Yield();
            counter.Add(1);
        }, new List<int>());
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(_ => ValueTask.FromException(new IOException())).AsTask()).Should().ThrowAsync<IOException>();
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(async _ =>
        {
            await Task.Yield();
            throw new IOException();
        }).AsTask()).Should().ThrowAsync<IOException>();

        ran.Should().Be(1);
        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(2);
        await FluentActions.Awaiting(() => breaker.ExecuteAsync(_ => ValueTask.CompletedTask).AsTask()).Should().ThrowAsync<CircuitOpenException>();
    }

    [Fact]
    public void Execute_SyncForms_CountOutcomesAndRejectWhenOpen()
    {
        var breaker = Create(new() { FailureThreshold = 2 });

        breaker.Execute(static (x, _) => x * 2, 21).Should().Be(42);
        breaker.Execute(_ => 1).Should().Be(1);
        breaker.Execute(static (list, _) => list.Add(1), new List<int>());
        FluentActions.Invoking(() => breaker.Execute(_ => throw new IOException())).Should().Throw<IOException>();
        FluentActions.Invoking(() => breaker.Execute<int>(_ => throw new IOException())).Should().Throw<IOException>();

        breaker.State.Should().Be(CircuitState.Open);
        breaker.GetSnapshot().WindowSuccesses.Should().Be(3);
        FluentActions.Invoking(() => breaker.Execute(_ => 1)).Should().Throw<CircuitOpenException>();
    }

    [Fact]
    public void Execute_NullOperation_Throws()
    {
        var breaker = Create();

        FluentActions.Invoking(() => breaker.Execute<int>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => breaker.ExecuteAsync<int>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => breaker.ExecuteOutcomeAsync<int>(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingOptionAndValue()
    {
        var act = () => new Breaker("x", new CircuitBreakerOptions { FailureThreshold = 0 });

        act.Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "options" && e.Message.Contains("CircuitBreakerOptions.FailureThreshold must be at least 1, but was 0."));
    }

    [Fact]
    public void Ctor_EmptyName_Throws()
    {
        FluentActions.Invoking(() => new Breaker(" ")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Ctor_OptionsCopied_LaterMutationDoesNotChangeBreaker()
    {
        var options = new CircuitBreakerOptions { FailureThreshold = 1 };
        var breaker = Create(options);

        options.FailureThreshold = 100;
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open);
    }

    private Breaker Create(CircuitBreakerOptions? options = null)
    {
        options ??= new CircuitBreakerOptions();
        if (options.BreakDuration == TimeSpan.FromSeconds(60))
        {
            options.BreakDuration = Break;
        }

        var breaker = new Breaker("test", options, _time);
        breaker.StateChanged += (_, e) => _events.Add(e);
        return breaker;
    }

    private ValueTask<int> Counted(ValueTask<int> result)
    {
        _calls++;
        return result;
    }

    private ValueTask<int> SucceedAsync(Breaker breaker) => breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(42)));

    private async Task FailAsync(Breaker breaker)
    {
        try
        {
            await breaker.ExecuteAsync(_ => Counted(ValueTask.FromException<int>(new HttpRequestException("service down"))));
        }
        catch (HttpRequestException)
        {
            // The failure the test wants counted.
        }
    }

    private async Task TripAsync(Breaker breaker, int failures)
    {
        for (var i = 0; i < failures; i++)
        {
            await FailAsync(breaker);
        }

        breaker.State.Should().Be(CircuitState.Open);
    }

    private ValueTask<int> SlowCall(TimeSpan duration)
    {
        _time.Advance(duration);
        return new ValueTask<int>(1);
    }
}
