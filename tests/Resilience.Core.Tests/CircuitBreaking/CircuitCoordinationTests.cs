using Resilience.CircuitBreaking;

#pragma warning disable RESILIENCE0001 // A custom coordinator on the experimental seam, as another store would write one.

namespace Resilience.Core.Tests.CircuitBreaking;

/// <summary>
/// A custom, in-memory coordinator shares one decision between two breakers through the public seam only
/// (<see cref="CircuitBreaker.Coordination"/>): what Resilience.Redis does, without Redis.
/// </summary>
public sealed class CircuitCoordinationTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void CustomCoordinator_HoldsBothBreakersOpen_LetsOneGrantedProbeDecide_AndReleasesThem()
    {
        var options = new CircuitBreakerOptions { FailureThreshold = 3, BreakDuration = TimeSpan.FromSeconds(5), HalfOpenMaxCalls = 2 };
        var east = new CircuitBreaker("orders", options, _time);
        var west = new CircuitBreaker("orders", options, _time);
        var reasons = new List<CircuitStateChangeReason>();
        east.StateChanged += (_, e) => reasons.Add(e.Reason);
        var coordinator = new InMemoryCoordinator([east.Coordination, west.Coordination]);

        // The fleet decided elsewhere: both instances reject at once, with the shared break end as retry-after.
        coordinator.Trip(_time.GetUtcNow().AddSeconds(30));
        var eastAdmitted = east.TryAcquirePermit(out _, out var eastRetryAfter);
        var westAdmitted = west.TryAcquirePermit(out _, out _);

        eastAdmitted.Should().BeFalse();
        westAdmitted.Should().BeFalse();
        eastRetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        coordinator.Demand().Should().Be(2, "each hold counts its waiting callers");

        // The local break (5 s) passing lets no local probe through; the coordinator grants one, on east.
        _time.Advance(TimeSpan.FromSeconds(6));
        west.TryAcquirePermit(out _, out _).Should().BeFalse();
        coordinator.GrantProbe(east.Coordination);
        east.TryAcquirePermit(out var probe, out _).Should().BeTrue();
        probe.IsProbe.Should().BeTrue();
        east.TryAcquirePermit(out _, out _).Should().BeFalse("one grant, one probe");

        probe.RecordSuccess();

        coordinator.ProbeOutcomes.Should().Equal(true);
        east.State.Should().Be(CircuitState.Closed, "the coordinator closed the fleet on its probe's success");
        west.State.Should().Be(CircuitState.Closed);
        east.Coordination.CurrentHold.Should().BeNull();
        reasons.Should().Equal(CircuitStateChangeReason.SharedDecision, CircuitStateChangeReason.SharedDecision);
    }

    [Fact]
    public void CustomCoordinator_LosingItsStore_RestoresEachBreakersOwnVerdict()
    {
        var breaker = new CircuitBreaker("orders", new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(5) }, _time);
        var coordinator = new InMemoryCoordinator([breaker.Coordination]);
        breaker.TryAcquirePermit(out var failed, out _).Should().BeTrue();
        failed.RecordFailure();
        var ownBreakEnd = breaker.GetSnapshot().BreakEndsAt;

        coordinator.Trip(_time.GetUtcNow().AddSeconds(60));
        coordinator.StoreLost();

        breaker.State.Should().Be(CircuitState.Open, "its own evidence had opened it");
        breaker.GetSnapshot().BreakEndsAt.Should().Be(ownBreakEnd);
        _time.Advance(TimeSpan.FromSeconds(5));
        breaker.TryAcquirePermit(out var probe, out _).Should().BeTrue("after its own break it probes as it would alone");
        probe.IsProbe.Should().BeTrue();
    }

    [Fact]
    public void Thresholds_FollowUpdateOptions_AsANewInstance()
    {
        var breaker = new CircuitBreaker("orders", new CircuitBreakerOptions { TripPolicy = CircuitBreakerTripPolicy.FailureRatio, FailureRatio = 0.4, MinimumThroughput = 20 }, _time);
        var before = breaker.Coordination.Thresholds;

        breaker.UpdateOptions(new CircuitBreakerOptions { HalfOpenMaxCalls = 7, SuccessThreshold = 2, BreakDuration = TimeSpan.FromSeconds(9) });
        var after = breaker.Coordination.Thresholds;

        before.Should().BeEquivalentTo(new { TripPolicy = CircuitBreakerTripPolicy.FailureRatio, FailureRatio = 0.4, MinimumThroughput = 20 });
        after.Should().NotBeSameAs(before);
        after.Should().BeEquivalentTo(new { HalfOpenMaxCalls = 7, SuccessThreshold = 2, BreakDuration = TimeSpan.FromSeconds(9) });
        breaker.Coordination.Thresholds.Should().BeSameAs(after, "unchanged options keep their instance, so a coordinator can compare by reference");
    }

    [Fact]
    public void Release_UndefinedValue_Throws()
    {
        var breaker = new CircuitBreaker("orders", null, _time);
        var hold = breaker.Coordination.HoldOpen(_time.GetUtcNow())!;

        var release = () => breaker.Coordination.Release(hold, (CircuitHoldRelease)7);

        release.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("release");
        breaker.Coordination.CurrentHold.Should().BeSameAs(hold);
    }

    /// <summary>A store-less coordinator: one shared decision for every breaker it holds, decided by the first probe's outcome.</summary>
    private sealed class InMemoryCoordinator(IReadOnlyList<CircuitCoordination> members)
    {
        private readonly Dictionary<CircuitCoordination, CircuitHold> _holds = [];

        public List<bool> ProbeOutcomes { get; } = [];

        public void Trip(DateTimeOffset breakEnd)
        {
            foreach (var member in members)
            {
                if (member.HoldOpen(breakEnd) is { } hold)
                {
                    _holds[member] = hold;
                }
            }
        }

        public long Demand() => _holds.Values.Sum(hold => hold.TakeDemand());

        public void GrantProbe(CircuitCoordination member) => _holds[member].GrantProbe(success =>
        {
            ProbeOutcomes.Add(success);
            if (success)
            {
                ReleaseAll(CircuitHoldRelease.Close);
            }
        });

        public void StoreLost() => ReleaseAll(CircuitHoldRelease.RestoreLocalState);

        private void ReleaseAll(CircuitHoldRelease release)
        {
            foreach (var (member, hold) in _holds)
            {
                member.Release(hold, release);
            }

            _holds.Clear();
        }
    }
}
