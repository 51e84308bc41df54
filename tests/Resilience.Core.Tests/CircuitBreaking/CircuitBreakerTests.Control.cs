using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>Isolate, Reset, the StateChanged event and snapshots.</summary>
public sealed partial class CircuitBreakerTests
{
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
}
