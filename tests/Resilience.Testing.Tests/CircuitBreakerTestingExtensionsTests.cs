using Resilience.CircuitBreaking;
using Resilience.Registry;

namespace Resilience.Testing.Tests;

public sealed class CircuitBreakerTestingExtensionsTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(7);

    public static TheoryData<CircuitBreakerTripPolicy> Policies => [CircuitBreakerTripPolicy.ConsecutiveFailures, CircuitBreakerTripPolicy.FailureRatio];

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task ForceOpen_RejectsCallsUntilTheConfiguredBreakEnds(CircuitBreakerTripPolicy policy)
    {
        var clock = new FakeTimeProvider();
        var breaker = new CircuitBreaker("inventory", Options(policy), clock);
        var transitions = new List<CircuitState>();
        breaker.StateChanged += (_, e) => transitions.Add(e.NewState);

        breaker.ForceState(CircuitState.Open);

        breaker.State.Should().Be(CircuitState.Open);
        transitions.Should().Equal(CircuitState.Open);
        var calls = 0;
        await breaker.Invoking(b => b.ExecuteAsync(_ => { calls++; return ValueTask.CompletedTask; }).AsTask())
            .Should().ThrowAsync<CircuitOpenException>();
        calls.Should().Be(0);
        breaker.GetSnapshot().BreakEndsAt.Should().Be(clock.GetUtcNow() + Break);

        clock.Advance(Break);
        await breaker.ExecuteAsync(_ => { calls++; return ValueTask.CompletedTask; });
        calls.Should().Be(1, "after the configured break the call is a probe");
        breaker.State.Should().Be(CircuitState.HalfOpen, "one of SuccessThreshold = 2 probes succeeded");
    }

    [Fact]
    public void ForceHalfOpen_MovesTheClockToTheBreakEndAndLeavesEveryProbeSlotFree()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var breaker = new CircuitBreaker("inventory", Options(CircuitBreakerTripPolicy.ConsecutiveFailures), clock);

        breaker.ForceState(CircuitState.HalfOpen, clock);

        breaker.State.Should().Be(CircuitState.HalfOpen);
        clock.GetUtcNow().Should().Be(start + Break);
        var probes = new List<CircuitBreakerPermit>();
        for (var i = 0; i < 2; i++)
        {
            breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue("slot {0} of HalfOpenMaxCalls = 2 is free", i);
            permit.IsProbe.Should().BeTrue();
            probes.Add(permit);
        }

        breaker.TryAcquirePermit(out _, out _).Should().BeFalse("both probe slots are taken");
        foreach (var probe in probes)
        {
            probe.RecordSuccess();
        }

        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public void ForceState_FromEveryStateToEveryState_ReachesIt()
    {
        var states = Enum.GetValues<CircuitState>();
        foreach (var from in states)
        {
            foreach (var to in states)
            {
                var clock = new FakeTimeProvider();
                var breaker = new CircuitBreaker("inventory", Options(CircuitBreakerTripPolicy.ConsecutiveFailures), clock);
                breaker.ForceState(from, clock);

                breaker.ForceState(to, clock);

                breaker.State.Should().Be(to, "forced from {0}", from);
            }
        }
    }

    [Fact]
    public void ForceHalfOpen_WithoutTheBreakersClock_Throws()
    {
        var clock = new FakeTimeProvider();
        var breaker = new CircuitBreaker("inventory", Options(CircuitBreakerTripPolicy.ConsecutiveFailures), clock);

        breaker.Invoking(b => b.ForceState(CircuitState.HalfOpen)).Should().Throw<ArgumentNullException>().WithParameterName("clock");
        breaker.Invoking(b => b.ForceState(CircuitState.HalfOpen, new FakeTimeProvider(clock.GetUtcNow() - TimeSpan.FromHours(1))))
            .Should().Throw<InvalidOperationException>().WithMessage("Circuit breaker 'inventory' is Open after ForceState(HalfOpen).");
        breaker.Invoking(b => b.ForceState((CircuitState)42)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ForceState_OnARegistry_CreatesTheNamedBreakerWithItsOptions()
    {
        var clock = new FakeTimeProvider();
        using var registry = new CircuitBreakerRegistry(timeProvider: clock, optionsFactory: _ => Options(CircuitBreakerTripPolicy.ConsecutiveFailures));

        var breaker = registry.ForceState("inventory", CircuitState.Isolated);

        registry.TryGet("inventory", out var found).Should().BeTrue();
        found.Should().BeSameAs(breaker);
        breaker.State.Should().Be(CircuitState.Isolated);
        clock.Advance(TimeSpan.FromDays(1));
        breaker.TryAcquirePermit(out _, out _).Should().BeFalse("an isolated circuit stays open until reset");
    }

    [Fact]
    public void AdvanceToBreakEnd_NotOpen_LeavesTheClock()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var breaker = new CircuitBreaker("inventory", Options(CircuitBreakerTripPolicy.ConsecutiveFailures), clock);

        clock.AdvanceToBreakEnd(breaker);
        breaker.ForceState(CircuitState.Isolated);
        clock.AdvanceToBreakEnd(breaker);

        clock.GetUtcNow().Should().Be(start);
    }

    private static CircuitBreakerOptions Options(CircuitBreakerTripPolicy policy)
    {
        var options = new CircuitBreakerOptions { TripPolicy = policy, BreakDuration = Break, HalfOpenMaxCalls = 2, SuccessThreshold = 2 };
        if (policy == CircuitBreakerTripPolicy.FailureRatio)
        {
            options.FailureRatio = 0.5;
            options.MinimumThroughput = 10;
        }
        else
        {
            options.FailureThreshold = 3;
        }

        return options;
    }
}
