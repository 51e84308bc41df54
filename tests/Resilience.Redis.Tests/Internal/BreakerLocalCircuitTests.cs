using Resilience.CircuitBreaking;
using Resilience.Redis.Internal;

namespace Resilience.Redis.Tests.Internal;

public sealed class BreakerLocalCircuitTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CircuitBreaking.CircuitBreaker _breaker;
    private readonly BreakerLocalCircuit _local;
    private int _operationCalls;

    public BreakerLocalCircuitTests()
    {
        _breaker = new CircuitBreaking.CircuitBreaker(
            "orders",
            new CircuitBreakerOptions { TripPolicy = CircuitBreakerTripPolicy.FailureRatio, MinimumThroughput = 4, BreakDuration = TimeSpan.FromSeconds(7), HalfOpenMaxCalls = 2 },
            _time);
        _local = new BreakerLocalCircuit(_breaker);
    }

    [Fact]
    public void Policy_FollowsBreakerOptionsIncludingUpdates()
    {
        var before = _local.Policy;
        _breaker.UpdateOptions(new CircuitBreakerOptions { FailureRatio = 0.25, MinimumThroughput = 7, BreakDuration = TimeSpan.FromSeconds(9), HalfOpenMaxCalls = 4, SuccessThreshold = 3 });

        before.Should().Be(new SharedCircuitPolicy(0.5, 4, TimeSpan.FromSeconds(7), 2, 1));
        _local.Policy.Should().Be(new SharedCircuitPolicy(0.25, 7, TimeSpan.FromSeconds(9), 4, 3));
    }

    [Fact]
    public async Task Sample_AfterCalls_ReportsWindowAndOwnOpenState()
    {
        await CallAsync(fail: false);
        for (var i = 0; i < 3; i++)
        {
            await CallAsync(fail: true);
        }

        var sample = _local.Sample();

        sample.Should().Be(new LocalHealth(4, 3, true, 0));
        _breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task HoldOpen_ClosedBreaker_RejectsUntilReleasedWithBreakEndAsRetryAfterAndCountsDemand()
    {
        var breakEnd = _time.GetUtcNow().AddSeconds(30);
        _local.HoldOpen(breakEnd);

        var rejected = await CallAsync(fail: false);
        var retryAfter = _breaker.TryAcquirePermit(out _, out var after) ? null : after;

        rejected.Should().Be(Result.Rejected);
        retryAfter.Should().Be(TimeSpan.FromSeconds(30));
        _operationCalls.Should().Be(0);
        _local.Sample().Should().Be(new LocalHealth(0, 0, false, 2), "a held breaker does not vote and counts waiting callers");

        // The local break (7 s) passing does not let a local probe through: only the shared decision does.
        _time.Advance(TimeSpan.FromSeconds(31));
        (await CallAsync(fail: false)).Should().Be(Result.Rejected);

        _local.Release(restoreLocalVerdict: false);
        (await CallAsync(fail: false)).Should().Be(Result.Ok);
        _breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task GrantProbe_LetsExactlyOneCallThroughAndHandsItsOutcomeToTheCoordinator()
    {
        _local.HoldOpen(_time.GetUtcNow());
        var outcomes = new List<bool>();
        _local.GrantProbe(outcomes.Add);

        var first = await CallAsync(fail: true);
        var second = await CallAsync(fail: false);

        first.Should().Be(Result.Failed);
        second.Should().Be(Result.Rejected);
        outcomes.Should().Equal(false);
        _breaker.State.Should().Be(CircuitState.Open, "the coordinator, not the local breaker, decides on a leased probe");
    }

    [Fact]
    public async Task RevokeProbe_UnusedPermit_IsWithdrawn()
    {
        _local.HoldOpen(_time.GetUtcNow());
        _local.GrantProbe(_ => { });

        _local.RevokeProbe();

        (await CallAsync(fail: false)).Should().Be(Result.Rejected);
        _operationCalls.Should().Be(0);
    }

    [Fact]
    public void GrantProbe_SixtyFourThreadsRacing_AdmitsOnlyTheGrantedProbes()
    {
        for (var iteration = 0; iteration < 50; iteration++)
        {
            _local.HoldOpen(_time.GetUtcNow().AddMinutes(iteration + 1));
            _local.GrantProbe(_ => { });
            _local.GrantProbe(_ => { });
            var admitted = 0;
            using var start = new Barrier(64);

            var threads = Enumerable.Range(0, 64).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                if (_breaker.TryAcquirePermit(out var permit, out _))
                {
                    Interlocked.Increment(ref admitted);
                    permit.RecordSuccess();
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            admitted.Should().Be(2);
        }
    }

    [Fact]
    public void HoldOpen_SameBreakEndTwice_KeepsTheHoldAndItsProbePermit()
    {
        var breakEnd = _time.GetUtcNow();
        _local.HoldOpen(breakEnd);
        _local.GrantProbe(_ => { });

        _local.HoldOpen(breakEnd);

        _breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.IsProbe.Should().BeTrue();
    }

    [Fact]
    public void HoldOpen_AfterManualReset_HoldsAgain()
    {
        var breakEnd = _time.GetUtcNow().AddSeconds(5);
        _local.HoldOpen(breakEnd);
        _breaker.Reset();

        _local.HoldOpen(breakEnd);

        _breaker.State.Should().Be(CircuitState.Open);
        _breaker.TryAcquirePermit(out _, out _).Should().BeFalse();
    }

    [Fact]
    public void HoldOpen_IsolatedBreaker_ManualIsolationWinsAndReleaseKeepsIt()
    {
        _breaker.Isolate();

        _local.HoldOpen(_time.GetUtcNow().AddSeconds(5));
        _local.Release(restoreLocalVerdict: false);

        _breaker.State.Should().Be(CircuitState.Isolated);
    }

    [Fact]
    public void HoldOpen_RaisesSharedDecisionTransitionsOnceEach()
    {
        var events = new List<CircuitStateChangedEventArgs>();
        _breaker.StateChanged += (_, e) => events.Add(e);

        _local.HoldOpen(_time.GetUtcNow().AddSeconds(5));
        _local.Release(restoreLocalVerdict: false);

        events.Select(e => (e.PreviousState, e.NewState, e.Reason)).Should().Equal(
            (CircuitState.Closed, CircuitState.Open, CircuitStateChangeReason.SharedDecision),
            (CircuitState.Open, CircuitState.Closed, CircuitStateChangeReason.SharedDecision));
    }

    [Fact]
    public async Task Release_RestoringLocalVerdict_BreakerOpenOnItsOwnEvidenceStaysOpenUntilItsOwnBreakEnd()
    {
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(fail: true);
        }

        var ownBreakEnd = _breaker.GetSnapshot().BreakEndsAt;
        _local.HoldOpen(_time.GetUtcNow().AddSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(3));

        // Redis is lost: the shared hold goes, the breaker's own break (7 s from its trip) goes on.
        _local.Release(restoreLocalVerdict: true);
        var afterRelease = await CallAsync(fail: false);
        var snapshot = _breaker.GetSnapshot();
        var sample = _local.Sample();
        _time.Advance(TimeSpan.FromSeconds(4));
        var afterOwnBreak = await CallAsync(fail: false);

        afterRelease.Should().Be(Result.Rejected, "the breaker had opened on its own evidence");
        snapshot.State.Should().Be(CircuitState.Open);
        snapshot.BreakEndsAt.Should().Be(ownBreakEnd);
        sample.IsOpen.Should().BeTrue("its own open state is evidence again");
        afterOwnBreak.Should().Be(Result.Ok, "after its own break the breaker probes as it would have alone");
        _operationCalls.Should().Be(5);
    }

    [Fact]
    public async Task Release_RestoringLocalVerdict_ClosedBreakerKeepsItsWindow()
    {
        for (var i = 0; i < 3; i++)
        {
            await CallAsync(fail: true);
        }

        _local.HoldOpen(_time.GetUtcNow().AddSeconds(30));
        _local.Release(restoreLocalVerdict: true);
        var sample = _local.Sample();
        await CallAsync(fail: true);

        sample.Should().Be(new LocalHealth(3, 3, false, 0), "the window's counts are the local evidence");
        _breaker.State.Should().Be(CircuitState.Open, "the fourth failure reaches the minimum throughput of the kept window");
    }

    [Fact]
    public async Task Release_RestoringLocalVerdict_HalfOpenBreakerProbesAgain()
    {
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(fail: true);
        }

        _time.Advance(TimeSpan.FromSeconds(7));
        _breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue();
        _local.HoldOpen(_time.GetUtcNow().AddSeconds(30));
        probe.RecordSuccess();

        _local.Release(restoreLocalVerdict: true);
        var restored = _breaker.GetSnapshot();

        restored.BreakEndsAt.Should().BeOnOrBefore(_time.GetUtcNow(), "its break was over: the next call probes");
        (await CallAsync(fail: false)).Should().Be(Result.Ok);
        _breaker.State.Should().Be(CircuitState.Closed, "one probe (SuccessThreshold 1) of the restored half-open state closes it");
    }

    [Fact]
    public async Task Release_FleetClosed_ClosesWithFreshWindowEvenAfterOwnTrip()
    {
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(fail: true);
        }

        _local.HoldOpen(_time.GetUtcNow().AddSeconds(30));
        _local.Release(restoreLocalVerdict: false);

        _breaker.State.Should().Be(CircuitState.Closed, "the fleet's probes proved the downstream healthy");
        _local.Sample().Should().Be(new LocalHealth(0, 0, false, 0));
    }

    private async Task<Result> CallAsync(bool fail)
    {
        try
        {
            await _breaker.ExecuteAsync(_ =>
            {
                _operationCalls++;
                return fail ? ValueTask.FromException(new InvalidOperationException("down")) : ValueTask.CompletedTask;
            });
            return Result.Ok;
        }
        catch (CircuitOpenException)
        {
            return Result.Rejected;
        }
        catch (InvalidOperationException)
        {
            return Result.Failed;
        }
    }

    private enum Result
    {
        Ok,
        Failed,
        Rejected,
    }
}
