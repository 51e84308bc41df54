using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>The guide's scenarios and the execution API of <see cref="CircuitBreaker"/>.</summary>
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
    public async Task ExecuteAsync_ShouldHandleThrowsOnASynchronousOutcome_ReturnsAFaultedTaskInsteadOfThrowing()
    {
        var breaker = Create(new() { ShouldHandle = _ => throw new FormatException() });

        // Each call must hand back a task (as an async method would), never throw from the call itself.
        ValueTask<int> onResult = default;
        ValueTask onVoidFailure = default;
        ValueTask<int> onResultFailure = default;
        ValueTask<Outcome<int>> onOutcome = default;
        FluentActions.Invoking(() => onResult = breaker.ExecuteAsync(static _ => ValueTask.FromResult(42))).Should().NotThrow();
        FluentActions.Invoking(() => onResultFailure = breaker.ExecuteAsync<int>(static _ => throw new TimeoutException())).Should().NotThrow();
        FluentActions.Invoking(() => onVoidFailure = breaker.ExecuteAsync(static _ => throw new TimeoutException())).Should().NotThrow();
        FluentActions.Invoking(() => onOutcome = breaker.ExecuteOutcomeAsync(static _ => ValueTask.FromResult(42))).Should().NotThrow();

        onResult.IsFaulted.Should().BeTrue();
        await FluentActions.Awaiting(() => onResult.AsTask()).Should().ThrowAsync<FormatException>();
        await FluentActions.Awaiting(() => onResultFailure.AsTask()).Should().ThrowAsync<FormatException>();
        await FluentActions.Awaiting(() => onVoidFailure.AsTask()).Should().ThrowAsync<FormatException>();
        await FluentActions.Awaiting(() => onOutcome.AsTask()).Should().ThrowAsync<FormatException>("the asynchronous path faults the same way");
        breaker.GetSnapshot().State.Should().Be(CircuitState.Closed, "an outcome the predicate could not judge is counted nowhere");
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

    private CircuitBreaker Create(CircuitBreakerOptions? options = null)
    {
        options ??= new CircuitBreakerOptions();
        if (options.BreakDuration == TimeSpan.FromSeconds(60))
        {
            options.BreakDuration = Break;
        }

        var breaker = new CircuitBreaker("test", options, _time);
        breaker.StateChanged += (_, e) => _events.Add(e);
        return breaker;
    }

    private ValueTask<int> Counted(ValueTask<int> result)
    {
        _calls++;
        return result;
    }

    private ValueTask<int> SucceedAsync(CircuitBreaker breaker) => breaker.ExecuteAsync(_ => Counted(new ValueTask<int>(42)));

    private async Task FailAsync(CircuitBreaker breaker)
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

    private async Task TripAsync(CircuitBreaker breaker, int failures)
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
