using System.Collections.Concurrent;
using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary><see cref="CircuitBreakerOptions.MaxHalfOpenDuration"/>: a hung probe cannot wedge the breaker.</summary>
public sealed partial class CircuitBreakerTests
{
    private static readonly TimeSpan HalfOpenWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryAcquirePermit_ProbeHungPastMaxHalfOpenDuration_OpensAgainAndTheNextPeriodGetsFreshProbes()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1, MaxHalfOpenDuration = HalfOpenWait });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        breaker.TryAcquirePermit(out var stuck, out _).Should().BeTrue();
        stuck.IsProbe.Should().BeTrue();

        // Act 1: just before the wait ends the only slot is still taken, so a call is rejected half-open.
        _time.Advance(HalfOpenWait - TimeSpan.FromTicks(1));
        breaker.TryAcquirePermit(out _, out var beforeWait).Should().BeFalse();
        breaker.State.Should().Be(CircuitState.HalfOpen);
        beforeWait.Should().BeNull();

        // Act 2: at the wait's end the next call finds the probe stuck: the circuit opens again, the break grows.
        _time.Advance(TimeSpan.FromTicks(1));
        breaker.TryAcquirePermit(out _, out var afterWait).Should().BeFalse();

        breaker.State.Should().Be(CircuitState.Open);
        afterWait.Should().Be(Break);
        _events.Last().Should().BeEquivalentTo(new
        {
            PreviousState = CircuitState.HalfOpen,
            NewState = CircuitState.Open,
            Reason = CircuitStateChangeReason.ProbesTimedOut,
            BreakDuration = (TimeSpan?)Break,
        });
        breaker.GetSnapshot().ConsecutiveTrips.Should().Be(2, "a probe that never answers counts like a failed probe");

        // Act 3: the stuck probe never gave its slot back, yet the next half-open period admits a fresh probe.
        _time.Advance(Break);
        breaker.TryAcquirePermit(out var fresh, out _).Should().BeTrue();
        fresh.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task RecordOutcome_StuckProbeCompletesLate_CannotFlipTheNewerStates()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1, MaxHalfOpenDuration = HalfOpenWait });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        breaker.TryAcquirePermit(out var stuck, out _).Should().BeTrue();
        _time.Advance(HalfOpenWait);
        breaker.TryAcquirePermit(out _, out _).Should().BeFalse();
        _time.Advance(Break);
        breaker.TryAcquirePermit(out var fresh, out _).Should().BeTrue();
        var epoch = breaker.GetSnapshot().Epoch;

        // The stuck probe answers now, during the newer half-open period: its success must neither close that
        // period nor free a slot of it.
        stuck.RecordSuccess();

        breaker.State.Should().Be(CircuitState.HalfOpen);
        breaker.GetSnapshot().Epoch.Should().Be(epoch);
        breaker.TryAcquirePermit(out _, out _).Should().BeFalse("the newer period's only slot is the fresh probe's");
        fresh.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open, "the fresh probe's own outcome still decides");
    }

    [Fact]
    public async Task TryAcquirePermit_PastMaxHalfOpenDurationWithAFreeSlot_AdmitsAProbeInsteadOfReopening()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 2, SuccessThreshold = 1, MaxHalfOpenDuration = HalfOpenWait });
        await TripAsync(breaker, 1);
        _time.Advance(Break);
        breaker.TryAcquirePermit(out _, out _).Should().BeTrue();
        _time.Advance(HalfOpenWait * 3);

        breaker.TryAcquirePermit(out var second, out _).Should().BeTrue("a free slot means the breaker is not wedged");
        second.RecordSuccess();

        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task TryAcquirePermit_BreakGrowthWithoutACap_StopsAtOneDay()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1, BreakDurationMultiplier = 100 });
        await TripAsync(breaker, 1);
        for (var trip = 2; trip <= 12; trip++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue();
            probe.RecordFailure();
        }

        breaker.TryAcquirePermit(out _, out var retryAfter).Should().BeFalse();

        retryAfter.Should().Be(TimeSpan.FromDays(1), "growth saturates at the longest break instead of overflowing");
        _events.Last().BreakDuration.Should().Be(TimeSpan.FromDays(1));
        breaker.GetSnapshot().BreakEndsAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task ExecuteAsync_GeneratorReturnsTimeSpanMaxValue_BreakIsOneDay()
    {
        var breaker = Create(new() { FailureThreshold = 1, BreakDurationGenerator = _ => TimeSpan.MaxValue });

        await TripAsync(breaker, 1);

        _events.Single().BreakDuration.Should().Be(TimeSpan.FromDays(1));
        breaker.TryAcquirePermit(out _, out var retryAfter).Should().BeFalse();
        retryAfter.Should().Be(TimeSpan.FromDays(1));
    }

    [Fact]
    public void TryAcquirePermit_ProbeHungWithDefaultOptions_TheBreakerIsNotWedgedForever()
    {
        // The wedge with nothing but the defaults (and one probe slot): a probe that never completes.
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1 });
        breaker.AcquirePermit().RecordFailure();
        _time.Advance(Break);
        breaker.TryAcquirePermit(out var hung, out _).Should().BeTrue();

        _time.Advance(TimeSpan.FromMinutes(2));
        breaker.TryAcquirePermit(out _, out _).Should().BeFalse();
        _time.Advance(Break * 2);

        breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue("after the default 2-minute half-open wait and the next break, a fresh probe runs");
        probe.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
        hung.IsRecorded.Should().BeFalse();
    }

    [Fact]
    public void Concurrency_StuckAndLateProbesAcrossHalfOpenTimeouts_NeverExceedTheProbeLimitOfAPeriodNorThrow()
    {
        const int ProbeLimit = 2;
        var breaker = new CircuitBreaker("stuck-probes", new CircuitBreakerOptions
        {
            FailureThreshold = 1,
            HalfOpenMaxCalls = ProbeLimit,
            BreakDuration = TimeSpan.FromSeconds(1),
            MaxHalfOpenDuration = TimeSpan.FromSeconds(1),
        }, _time);
        breaker.AcquirePermit().RecordFailure();
        var inFlight = new ConcurrentDictionary<long, int>();
        var stuck = new ConcurrentQueue<CircuitBreakerPermit>();
        var overLimit = 0;

        // Thread 0 moves the clock; the others take probes and either leave them hung, complete them at once, or
        // complete an older hung one late. The counter of a period goes up after a slot is taken and down before it
        // is given back, so it never exceeds the slots really held.
        RunOnThreads(16, thread =>
        {
            var random = new Random(thread);
            for (var i = 0; i < 400; i++)
            {
                if (thread == 0)
                {
                    _time.Advance(TimeSpan.FromMilliseconds(100));
                    continue;
                }

                if (!breaker.TryAcquirePermit(out var permit, out _))
                {
                    continue;
                }

                if (!permit.IsProbe)
                {
                    permit.RecordSuccess();
                    continue;
                }

                if (inFlight.AddOrUpdate(permit.Epoch, 1, static (_, n) => n + 1) > ProbeLimit)
                {
                    Interlocked.Increment(ref overLimit);
                }

                switch (random.Next(4))
                {
                    case 0:
                        stuck.Enqueue(permit);
                        break;
                    case 1:
                        inFlight.AddOrUpdate(permit.Epoch, 0, static (_, n) => n - 1);
                        permit.RecordFailure();
                        break;
                    default:
                        inFlight.AddOrUpdate(permit.Epoch, 0, static (_, n) => n - 1);
                        permit.RecordSuccess();
                        break;
                }

                if (random.Next(8) == 0 && stuck.TryDequeue(out var late))
                {
                    inFlight.AddOrUpdate(late.Epoch, 0, static (_, n) => n - 1);
                    late.RecordSuccess();
                }
            }
        });

        overLimit.Should().Be(0, "a half-open period never runs more probes than its slots, stuck ones of earlier periods aside");
        while (stuck.TryDequeue(out var late))
        {
            late.RecordFailure();
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        if (breaker.TryAcquirePermit(out var final, out _))
        {
            final.RecordSuccess();
        }

        breaker.State.Should().Be(CircuitState.Closed, "whatever was stuck, the breaker recovers once a fresh probe succeeds");
    }
}
