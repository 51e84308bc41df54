using System.Diagnostics;
using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>
/// With <see cref="TimeProvider.System"/> an open breaker checks its break against the coarse OS tick first: these tests
/// prove it still rejects with the right retry-after, and that the precise clock still ends the break.
/// </summary>
public sealed class CircuitBreakerSystemClockTests
{
    [Fact]
    public void TryAcquirePermit_OpenOnSystemClock_RejectsWithRemainingBreak()
    {
        var breaker = Open(TimeSpan.FromHours(1));

        var admitted = breaker.TryAcquirePermit(out _, out var retryAfter);

        admitted.Should().BeFalse();
        retryAfter.Should().NotBeNull();
        retryAfter!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(59)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task ExecuteOutcomeAsync_OpenOnSystemClock_ReturnsRejectionWithoutCallingOperation()
    {
        var breaker = Open(TimeSpan.FromHours(1));
        var calls = 0;

        var outcome = await breaker.ExecuteOutcomeAsync(_ => ValueTask.FromResult(++calls));

        outcome.IsRejected.Should().BeTrue();
        outcome.RetryAfter.Should().BeGreaterThan(TimeSpan.FromMinutes(59));
        outcome.Exception.Should().BeOfType<CircuitOpenException>().Which.BreakerName.Should().Be("system-clock");
        calls.Should().Be(0);
    }

    [Fact]
    public void TryAcquirePermit_ShortBreakOnSystemClock_AdmitsProbeOnceBreakHasPassed()
    {
        // The smallest break (a generator may ask for one tick): the coarse check must hand over to the precise clock instead
        // of rejecting for ever. Polls the real clock (no sleep); the probe comes within an OS tick, and 10 s leaves room
        // for a loaded CI machine.
        var breaker = Open(TimeSpan.FromSeconds(1), _ => TimeSpan.FromTicks(1));
        var started = Stopwatch.GetTimestamp();
        CircuitBreakerPermit permit;
        while (!breaker.TryAcquirePermit(out permit, out _))
        {
            Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10), "the break was one tick long");
            Thread.Yield();
        }

        breaker.State.Should().Be(CircuitState.HalfOpen);
        permit.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    private static CircuitBreaker Open(TimeSpan breakDuration, Func<BreakDurationGeneratorArguments, TimeSpan>? generator = null)
    {
        var breaker = new CircuitBreaker("system-clock", new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = breakDuration, BreakDurationGenerator = generator });
        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open);
        return breaker;
    }

    [Fact]
    public void TryAcquirePermit_LongestBreakOnSystemClock_RetryAfterIsPositiveAndBounded()
    {
        // A generator that asks for the longest TimeSpan: the coarse rejection path converts the break end to a
        // retry-after, and that arithmetic must saturate instead of wrapping to a negative wait.
        var breaker = new CircuitBreaker("system-clock-long", new CircuitBreakerOptions
        {
            FailureThreshold = 1,
            BreakDurationGenerator = _ => TimeSpan.MaxValue,
        });
        breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
        permit.RecordFailure();

        breaker.TryAcquirePermit(out _, out var retryAfter).Should().BeFalse();

        retryAfter.Should().NotBeNull();
        retryAfter!.Value.Should().BeGreaterThan(TimeSpan.FromHours(23)).And.BeLessThanOrEqualTo(TimeSpan.FromDays(1));
        breaker.GetSnapshot().BreakEndsAt.Should().NotBeNull();
    }
}
