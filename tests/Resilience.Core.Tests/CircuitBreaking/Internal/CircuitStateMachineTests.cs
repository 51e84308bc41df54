using System.Collections.Concurrent;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;

#pragma warning disable RESILIENCE0001 // The hold rows of the state table drive the machine directly.

namespace Resilience.Core.Tests.CircuitBreaking.Internal;

/// <summary>
/// The state table of <see cref="CircuitStateMachine"/>, row by row, driven by a fake clock, and a many-thread stress of
/// its transitions with the invariants that must hold under any interleaving.
/// </summary>
public sealed class CircuitStateMachineTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<(CircuitState From, CircuitState To, CircuitStateChangeReason Reason, long Epoch)> _transitions = [];

    [Fact]
    public void Closed_FailuresInARowReachThreshold_OpensWithFirstTrip()
    {
        var machine = Create(new() { FailureThreshold = 2 });

        Fail(machine);
        var afterOne = machine.State;
        Fail(machine);

        afterOne.Should().Be(CircuitState.Closed);
        _transitions.Should().Equal((CircuitState.Closed, CircuitState.Open, CircuitStateChangeReason.FailureThresholdReached, 1L));
        machine.Current.ConsecutiveTrips.Should().Be(1);
    }

    [Fact]
    public void Closed_RatioReachedWithMinimumThroughput_Opens()
    {
        var machine = Create(new() { TripPolicy = CircuitBreakerTripPolicy.FailureRatio, FailureRatio = 0.5, MinimumThroughput = 4 });

        Succeed(machine);
        Succeed(machine);
        Fail(machine);
        var belowThroughput = machine.State;
        Fail(machine);

        belowThroughput.Should().Be(CircuitState.Closed, "three calls are below the minimum throughput");
        _transitions.Should().Equal((CircuitState.Closed, CircuitState.Open, CircuitStateChangeReason.FailureRatioReached, 1L));
    }

    [Fact]
    public void Closed_SuccessesAndIgnoredOutcomes_StayInTheSameEpoch()
    {
        var machine = Create(new() { FailureThreshold = 2 });

        Fail(machine);
        Succeed(machine);
        Record(machine, OutcomeKind.Ignored);
        Fail(machine);

        machine.State.Should().Be(CircuitState.Closed, "a success resets the failures in a row");
        machine.Current.Epoch.Should().Be(0);
        _transitions.Should().BeEmpty();
    }

    [Fact]
    public void Open_BeforeBreakEnd_RejectsWithTimeLeft_AtBreakEnd_GoesHalfOpen()
    {
        var machine = Open();
        _time.Advance(Break - TimeSpan.FromSeconds(4));

        var early = machine.TryAcquire(out _, out var rejection);
        _time.Advance(TimeSpan.FromSeconds(4));
        var atEnd = machine.TryAcquire(out var probe, out _);

        early.Should().BeFalse();
        rejection.RetryAfter.Should().Be(TimeSpan.FromSeconds(4));
        atEnd.Should().BeTrue();
        probe.IsProbe.Should().BeTrue();
        _transitions.Last().Should().Be((CircuitState.Open, CircuitState.HalfOpen, CircuitStateChangeReason.BreakElapsed, 2L));
    }

    [Fact]
    public void HalfOpen_SuccessThresholdReached_Closes()
    {
        var machine = Open(new() { FailureThreshold = 1, BreakDuration = Break, HalfOpenMaxCalls = 2, SuccessThreshold = 2 });
        _time.Advance(Break);
        machine.TryAcquire(out var first, out _).Should().BeTrue();
        machine.TryAcquire(out var second, out _).Should().BeTrue();

        first.RecordSuccess();
        var afterOne = machine.State;
        second.RecordSuccess();

        afterOne.Should().Be(CircuitState.HalfOpen);
        _transitions.Last().Should().Be((CircuitState.HalfOpen, CircuitState.Closed, CircuitStateChangeReason.ProbesSucceeded, 3L));
        machine.GetSnapshot().WindowFailures.Should().Be(0, "the closed state starts a new window");
    }

    [Fact]
    public void HalfOpen_SlotsTaken_RejectsWithoutRetryAfter()
    {
        var machine = Open(new() { FailureThreshold = 1, BreakDuration = Break, HalfOpenMaxCalls = 1 });
        _time.Advance(Break);
        machine.TryAcquire(out _, out _).Should().BeTrue();

        var admitted = machine.TryAcquire(out _, out var rejection);

        admitted.Should().BeFalse();
        rejection.RetryAfter.Should().Be(System.Threading.Timeout.InfiniteTimeSpan);
        machine.State.Should().Be(CircuitState.HalfOpen);
    }

    [Fact]
    public void HalfOpen_ProbeFails_OpensWithNextTrip()
    {
        var machine = Open(new() { FailureThreshold = 1, BreakDuration = Break, BreakDurationMultiplier = 2 });
        _time.Advance(Break);
        machine.TryAcquire(out var probe, out _).Should().BeTrue();

        probe.RecordFailure();

        _transitions.Last().Should().Be((CircuitState.HalfOpen, CircuitState.Open, CircuitStateChangeReason.ProbeFailed, 3L));
        machine.Current.ConsecutiveTrips.Should().Be(2);
        machine.Current.BreakDuration.Should().Be(Break * 2);
    }

    [Fact]
    public void HalfOpen_SlotsStuckPastMaxHalfOpenDuration_OpensWithFreshSlots()
    {
        var machine = Open(new() { FailureThreshold = 1, BreakDuration = Break, HalfOpenMaxCalls = 1, MaxHalfOpenDuration = TimeSpan.FromSeconds(30) });
        _time.Advance(Break);
        machine.TryAcquire(out var stuck, out _).Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(30));

        machine.TryAcquire(out _, out _).Should().BeFalse("the stuck probe's half-open period ends");
        _time.Advance(machine.Current.BreakDuration);
        var next = machine.TryAcquire(out var fresh, out _);
        stuck.RecordSuccess();

        _transitions.Select(t => t.Reason).Should().Contain(CircuitStateChangeReason.ProbesTimedOut);
        next.Should().BeTrue("the next half-open period has its own slot");
        fresh.IsProbe.Should().BeTrue();
        machine.State.Should().Be(CircuitState.HalfOpen, "the stuck probe's late outcome is stale");
    }

    [Theory]
    [InlineData(CircuitState.Closed)]
    [InlineData(CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen)]
    public void HoldOpen_FromAnyStateButIsolated_OpensUnderTheHold(CircuitState from)
    {
        var machine = Reach(from);
        _transitions.Clear();

        var hold = machine.HoldOpen(_time.GetUtcNow().AddSeconds(20));

        hold.Should().NotBeNull();
        machine.CurrentHold.Should().BeSameAs(hold);
        machine.TryAcquire(out _, out var rejection).Should().BeFalse();
        rejection.RetryAfter.Should().Be(TimeSpan.FromSeconds(20));
        if (from == CircuitState.Open)
        {
            _transitions.Should().BeEmpty("open stays open: a new epoch, not a transition");
        }
        else
        {
            _transitions.Should().ContainSingle().Which.Should().Match<(CircuitState From, CircuitState To, CircuitStateChangeReason Reason, long Epoch)>(
                t => t.From == from && t.To == CircuitState.Open && t.Reason == CircuitStateChangeReason.SharedDecision);
        }
    }

    [Fact]
    public void HoldOpen_Isolated_ManualDecisionWins()
    {
        var machine = Create(new());
        machine.TryIsolate(out _).Should().BeTrue();

        machine.HoldOpen(_time.GetUtcNow().AddSeconds(20)).Should().BeNull();

        machine.State.Should().Be(CircuitState.Isolated);
    }

    [Fact]
    public void Held_PastItsOwnBreak_AdmitsOnlyGrantedProbes_AndHandsOutcomesToTheHold()
    {
        var machine = Open();
        var hold = machine.HoldOpen(_time.GetUtcNow().AddSeconds(30))!;
        _time.Advance(Break * 2);
        var outcomes = new List<bool>();

        var withoutGrant = machine.TryAcquire(out _, out _);
        hold.GrantProbe(outcomes.Add);
        machine.TryAcquire(out var probe, out _).Should().BeTrue();
        probe.RecordFailure();

        withoutGrant.Should().BeFalse();
        outcomes.Should().Equal(false);
        hold.TakeDemand().Should().Be(1);
        machine.State.Should().Be(CircuitState.Open, "the coordinator, not the machine, decides on a granted probe");
    }

    [Fact]
    public void ReleaseHold_Closing_ClosesWithFreshWindow()
    {
        var machine = Open();
        var hold = machine.HoldOpen(_time.GetUtcNow().AddSeconds(30))!;

        machine.ReleaseHold(hold, restoreLocalVerdict: false);

        _transitions.Last().Should().Match<(CircuitState From, CircuitState To, CircuitStateChangeReason Reason, long Epoch)>(
            t => t.From == CircuitState.Open && t.To == CircuitState.Closed && t.Reason == CircuitStateChangeReason.SharedDecision);
        machine.GetSnapshot().WindowFailures.Should().Be(0);
    }

    [Fact]
    public void ReleaseHold_Restoring_OwnBreakKeepsItsEnd()
    {
        var machine = Open();
        var ownEnd = machine.GetSnapshot().BreakEndsAt;
        var hold = machine.HoldOpen(_time.GetUtcNow().AddSeconds(60))!;

        machine.ReleaseHold(hold, restoreLocalVerdict: true);

        machine.State.Should().Be(CircuitState.Open);
        machine.GetSnapshot().BreakEndsAt.Should().Be(ownEnd);
        machine.CurrentHold.Should().BeNull();
    }

    [Fact]
    public void ReleaseHold_NoLongerCurrent_ChangesNothing()
    {
        var machine = Create(new());
        var hold = machine.HoldOpen(_time.GetUtcNow().AddSeconds(60))!;
        machine.TryIsolate(out _);

        machine.ReleaseHold(hold, restoreLocalVerdict: false);

        machine.State.Should().Be(CircuitState.Isolated);
    }

    [Theory]
    [InlineData(CircuitState.Closed)]
    [InlineData(CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen)]
    public void Isolate_FromAnyOtherState_Isolates_AndIsolatingAgainChangesNothing(CircuitState from)
    {
        var machine = Reach(from);
        _transitions.Clear();

        var first = machine.TryIsolate(out var epoch);
        var second = machine.TryIsolate(out var secondEpoch);

        first.Should().BeTrue();
        second.Should().BeFalse();
        secondEpoch.Should().Be(-1);
        _transitions.Should().Equal((from, CircuitState.Isolated, CircuitStateChangeReason.Isolated, epoch));
        machine.TryAcquire(out _, out var rejection).Should().BeFalse();
        rejection.RetryAfter.Should().Be(System.Threading.Timeout.InfiniteTimeSpan);
    }

    [Theory]
    [InlineData(CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen)]
    [InlineData(CircuitState.Isolated)]
    public void Reset_FromAnyState_ClosesWithFreshWindow(CircuitState from)
    {
        var machine = from == CircuitState.Isolated ? Isolated() : Reach(from);
        _transitions.Clear();

        machine.Reset(expectedEpoch: null).Should().BeTrue();

        _transitions.Should().ContainSingle().Which.Should().Match<(CircuitState From, CircuitState To, CircuitStateChangeReason Reason, long Epoch)>(
            t => t.From == from && t.To == CircuitState.Closed && t.Reason == CircuitStateChangeReason.Reset);
        machine.GetSnapshot().ConsecutiveTrips.Should().Be(0);
    }

    [Fact]
    public void Reset_Closed_NewEpochWithoutTransition()
    {
        var machine = Create(new());
        Fail(machine);

        machine.Reset(expectedEpoch: null);

        machine.Current.Epoch.Should().Be(1);
        machine.GetSnapshot().ConsecutiveFailures.Should().Be(0);
        _transitions.Should().BeEmpty();
    }

    [Fact]
    public void Reset_WithAnotherExpectedEpoch_ChangesNothing()
    {
        var machine = Isolated();

        machine.Reset(expectedEpoch: machine.Current.Epoch - 1).Should().BeFalse();

        machine.State.Should().Be(CircuitState.Isolated);
    }

    [Fact]
    public void OutcomeOfAnEarlierEpoch_IsStaleAndChangesNothing()
    {
        var machine = Create(new() { FailureThreshold = 1 });
        machine.TryAcquire(out var old, out _).Should().BeTrue();
        machine.Reset(expectedEpoch: null);

        old.RecordFailure();

        machine.State.Should().Be(CircuitState.Closed);
        machine.GetSnapshot().ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public void UpdateOptions_SamplingDurationWhileClosed_RestartsTheWindowWithoutEvent()
    {
        var machine = Create(new() { FailureThreshold = 5 });
        Fail(machine);

        machine.UpdateOptions(new CircuitBreakerOptions { FailureThreshold = 5, SamplingDuration = TimeSpan.FromSeconds(5) });

        machine.Current.Epoch.Should().Be(1);
        machine.GetSnapshot().WindowFailures.Should().Be(0);
        _transitions.Should().BeEmpty();
    }

    /// <summary>
    /// Eight threads call, fail, succeed and move the clock for a fixed number of steps. Whatever the interleaving: at most
    /// <c>HalfOpenMaxCalls</c> probes are admitted in any half-open epoch (each probe's outcome ends the period), and the
    /// reported transitions form one chain, each epoch reported once, each starting where the previous one ended.
    /// </summary>
    [Fact]
    public void Stress_ManyThreads_AtMostHalfOpenMaxCallsProbesPerEpoch_AndOneChainOfTransitions()
    {
        const int HalfOpenMaxCalls = 3;
        const int ThreadCount = 8;
        const int Steps = 4_000;
        var events = new ConcurrentQueue<CircuitStateChangedEventArgs>();
        var breaker = new CircuitBreaker(
            "stress",
            new CircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromSeconds(1), HalfOpenMaxCalls = HalfOpenMaxCalls, SuccessThreshold = 1 },
            _time);
        breaker.StateChanged += (_, e) => events.Enqueue(e);
        var machine = breaker.Machine;
        var probesPerEpoch = new ConcurrentDictionary<long, int>();
        CircuitBreakerTests.RunOnThreads(ThreadCount, seed =>
        {
            var random = new Random(seed);
            for (var step = 0; step < Steps; step++)
            {
                if (random.Next(16) == 0)
                {
                    _time.Advance(TimeSpan.FromMilliseconds(random.Next(100, 600)));
                }

                if (!machine.TryAcquire(out var permit, out _))
                {
                    continue;
                }

                if (permit.IsProbe)
                {
                    probesPerEpoch.AddOrUpdate(permit.Epoch, 1, static (_, count) => count + 1);
                }

                if (random.Next(3) == 0)
                {
                    permit.RecordFailure();
                }
                else
                {
                    permit.RecordSuccess();
                }
            }
        });

        probesPerEpoch.Should().NotBeEmpty("the stress must reach half-open");
        probesPerEpoch.Values.Should().OnlyContain(count => count <= HalfOpenMaxCalls);
        var chain = events.OrderBy(e => e.Epoch).ToList();
        chain.Select(e => e.Epoch).Should().OnlyHaveUniqueItems();
        chain.Select(e => e.Epoch).Should().Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), "every transition is one epoch and is reported once");
        chain.Zip(chain.Skip(1)).Should().OnlyContain(pair => pair.First.NewState == pair.Second.PreviousState);
        chain.Last().NewState.Should().Be(breaker.State);
    }

    private CircuitStateMachine Create(CircuitBreakerOptions options)
    {
        var breaker = new CircuitBreaker("table", options, _time);
        breaker.StateChanged += (_, e) => _transitions.Add((e.PreviousState, e.NewState, e.Reason, e.Epoch));
        return breaker.Machine;
    }

    private CircuitStateMachine Open(CircuitBreakerOptions? options = null)
    {
        var machine = Create(options ?? new() { FailureThreshold = 1, BreakDuration = Break });
        Fail(machine);
        machine.State.Should().Be(CircuitState.Open);
        return machine;
    }

    private CircuitStateMachine Isolated()
    {
        var machine = Create(new());
        machine.TryIsolate(out _).Should().BeTrue();
        return machine;
    }

    private CircuitStateMachine Reach(CircuitState state)
    {
        if (state == CircuitState.Closed)
        {
            return Create(new());
        }

        var machine = Open();
        if (state == CircuitState.HalfOpen)
        {
            _time.Advance(Break);
            machine.TryAcquire(out _, out _).Should().BeTrue();
            machine.State.Should().Be(CircuitState.HalfOpen);
        }

        return machine;
    }

    private static void Fail(CircuitStateMachine machine) => Record(machine, OutcomeKind.Failure);

    private static void Succeed(CircuitStateMachine machine) => Record(machine, OutcomeKind.Success);

    private static void Record(CircuitStateMachine machine, OutcomeKind kind)
    {
        machine.TryAcquire(out var permit, out _).Should().BeTrue();
        permit.Record(kind);
    }
}
