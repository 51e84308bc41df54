using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;



/// <summary>The failure-ratio trip policy over the sliding window.</summary>
public sealed partial class CircuitBreakerTests
{
    private static CircuitBreakerOptions RatioOptions() => new()
    {
        TripPolicy = CircuitBreakerTripPolicy.FailureRatio,
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task ExecuteAsync_FailureRatio_BelowMinimumThroughput_StaysClosed()
    {
        var breaker = Create(RatioOptions());

        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed, "three calls are fewer than the minimum throughput of four");
    }

    [Fact]
    public async Task ExecuteAsync_FailureRatio_ReachedWithThroughput_Opens()
    {
        var breaker = Create(RatioOptions());

        await SucceedAsync(breaker);
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open, "two failures out of four calls is a ratio of 0.5");
        _events.Single().Reason.Should().Be(CircuitStateChangeReason.FailureRatioReached);
    }

    [Fact]
    public async Task ExecuteAsync_FailureRatio_BelowRatio_StaysClosed()
    {
        var breaker = Create(RatioOptions());

        for (var i = 0; i < 6; i++)
        {
            await SucceedAsync(breaker);
        }

        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed, "three failures out of nine calls is below 0.5");
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(3, "the consecutive count is kept in ratio mode too");
    }

    [Fact]
    public async Task ExecuteAsync_FailureRatio_OldCallsExpireFromWindow()
    {
        var breaker = Create(RatioOptions());
        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);

        _time.Advance(TimeSpan.FromSeconds(11));
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed, "the first three failures left the window");
        breaker.GetSnapshot().WindowFailures.Should().Be(1);

        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_FailureRatio_SuccessesExpireToo()
    {
        var breaker = Create(RatioOptions());
        for (var i = 0; i < 10; i++)
        {
            await SucceedAsync(breaker);
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        await FailAsync(breaker);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed);

        // One sampling duration after the successes: they left the window, the failures of 5 s ago did not.
        _time.Advance(TimeSpan.FromSeconds(5));
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed, "three calls are below the minimum throughput");
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteAsync_FailureRatio_WindowRestartsWhenCircuitCloses()
    {
        var breaker = Create(RatioOptions());
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Open);
        _time.Advance(Break);

        await SucceedAsync(breaker);
        breaker.State.Should().Be(CircuitState.Closed);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed, "the failures before the trip no longer count");
        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 1 && s.WindowSuccesses == 0);
    }

    [Fact]
    public async Task GetSnapshot_ConsecutivePolicy_WindowExpiresWithTime()
    {
        var breaker = Create(new() { FailureThreshold = 100, SamplingDuration = TimeSpan.FromSeconds(10) });
        await SucceedAsync(breaker);
        await FailAsync(breaker);
        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 1 && s.WindowSuccesses == 1);

        _time.Advance(TimeSpan.FromSeconds(11));

        breaker.GetSnapshot().Should().Match<CircuitBreakerSnapshot>(s => s.WindowFailures == 0 && s.WindowSuccesses == 0 && s.SuccessRate == 1.0);
    }

    [Fact]
    public async Task UpdateOptions_Threshold_AppliesToNextFailure()
    {
        var breaker = Create(new() { FailureThreshold = 5 });
        await FailAsync(breaker);
        await FailAsync(breaker);

        breaker.UpdateOptions(new CircuitBreakerOptions { FailureThreshold = 3, BreakDuration = Break });
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open, "the kept count of two plus one failure reaches the new threshold");
    }

    [Fact]
    public async Task UpdateOptions_Invalid_ThrowsAndKeepsOldOptions()
    {
        var breaker = Create(new() { FailureThreshold = 2 });

        FluentActions.Invoking(() => breaker.UpdateOptions(new CircuitBreakerOptions { HalfOpenMaxCalls = 0 }))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "options" && e.Message.Contains("HalfOpenMaxCalls"));
        await FailAsync(breaker);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task UpdateOptions_BreakDuration_AppliesFromNextTrip()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);

        breaker.UpdateOptions(new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(5) });
        breaker.TryAcquirePermit(out _, out var retryAfter).Should().BeFalse();
        retryAfter.Should().Be(Break, "the break in progress keeps its end");

        _time.Advance(Break);
        await FailAsync(breaker);
        _events.Last().BreakDuration.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UpdateOptions_HalfOpenMaxCalls_AppliesAtOnce()
    {
        var breaker = Create(new() { FailureThreshold = 1, HalfOpenMaxCalls = 1 });
        await TripAsync(breaker, 1);
        _time.Advance(Break);

        breaker.UpdateOptions(new CircuitBreakerOptions { FailureThreshold = 1, HalfOpenMaxCalls = 2, BreakDuration = Break });
        var first = breaker.TryAcquirePermit(out var p1, out _);
        var second = breaker.TryAcquirePermit(out var p2, out _);
        var third = breaker.TryAcquirePermit(out _, out _);

        (first, second, third).Should().Be((true, true, false));
        p1.RecordIgnored();
        p2.RecordIgnored();
    }

    [Fact]
    public async Task UpdateOptions_SamplingDuration_RestartsClosedWindowWithoutEvent()
    {
        var breaker = Create(RatioOptions());
        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);

        var options = RatioOptions();
        options.SamplingDuration = TimeSpan.FromSeconds(20);
        options.BreakDuration = Break;
        breaker.UpdateOptions(options);
        await FailAsync(breaker);

        breaker.State.Should().Be(CircuitState.Closed, "the new window started empty");
        _events.Should().BeEmpty();
        _time.Advance(TimeSpan.FromSeconds(15));
        await FailAsync(breaker);
        await FailAsync(breaker);
        await FailAsync(breaker);
        breaker.State.Should().Be(CircuitState.Open, "the 20 s window still holds the failure of 15 s ago");
    }

    [Fact]
    public void UpdateOptions_Null_Throws()
    {
        FluentActions.Invoking(() => Create().UpdateOptions(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task TryAcquirePermit_Open_ReportsRetryAfter()
    {
        var breaker = Create(new() { FailureThreshold = 1 });
        await TripAsync(breaker, 1);
        _time.Advance(TimeSpan.FromSeconds(12));

        breaker.TryAcquirePermit(out var permit, out var retryAfter).Should().BeFalse();

        retryAfter.Should().Be(Break - TimeSpan.FromSeconds(12));
        permit.Epoch.Should().Be(-1);
        FluentActions.Invoking(() => permit.RecordSuccess()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => breaker.AcquirePermit()).Should().Throw<CircuitOpenException>();
    }

}
