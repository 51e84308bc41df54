using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


public sealed class CircuitBreakerPermitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RecordFailure_ClosedPermit_CountsFailure()
    {
        var breaker = Create(threshold: 2);

        for (var i = 0; i < 2; i++)
        {
            breaker.TryAcquirePermit(out var permit, out _).Should().BeTrue();
            permit.IsProbe.Should().BeFalse();
            permit.RecordFailure();
            permit.IsRecorded.Should().BeTrue();
        }

        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public void RecordFailure_Twice_SecondIsNoOp()
    {
        var breaker = Create(threshold: 2);
        var permit = breaker.AcquirePermit();

        permit.RecordFailure();
        permit.RecordFailure();

        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(1);
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public void RecordSuccess_ProbeCopies_ReleaseSlotAndCountOnlyOnce()
    {
        var breaker = Create(threshold: 1, halfOpenMaxCalls: 2, successThreshold: 2);
        Trip(breaker);
        _time.Advance(TimeSpan.FromSeconds(60));
        var probe = breaker.AcquirePermit();
        var copy = probe;

        probe.RecordSuccess();
        copy.RecordSuccess();

        breaker.State.Should().Be(CircuitState.HalfOpen, "one probe success of the two needed");
        breaker.TryAcquirePermit(out var second, out _).Should().BeTrue();
        breaker.TryAcquirePermit(out var third, out _).Should().BeTrue("the first probe's slot was released once");
        breaker.TryAcquirePermit(out _, out _).Should().BeFalse("a double release would have freed a third slot");
        second.RecordIgnored();
        third.RecordIgnored();
    }

    [Fact]
    public void RecordIgnored_Probe_FreesSlotWithoutChangingState()
    {
        var breaker = Create(threshold: 1, halfOpenMaxCalls: 1);
        Trip(breaker);
        _time.Advance(TimeSpan.FromSeconds(60));
        var probe = breaker.AcquirePermit();
        breaker.TryAcquirePermit(out _, out var retryAfter).Should().BeFalse();
        retryAfter.Should().BeNull();

        probe.RecordIgnored();

        breaker.State.Should().Be(CircuitState.HalfOpen);
        breaker.TryAcquirePermit(out var next, out _).Should().BeTrue();
        next.RecordSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public void RecordException_ClassifiesByBreakerRules()
    {
        var breaker = Create(threshold: 1, excluded: typeof(ArgumentException));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var excluded = breaker.AcquirePermit();
        excluded.RecordException(new ArgumentException());
        var cancelled = breaker.AcquirePermit();
        cancelled.RecordException(new OperationCanceledException(cts.Token), cts.Token);
        breaker.State.Should().Be(CircuitState.Closed);

        var failed = breaker.AcquirePermit();
        failed.RecordException(new IOException());
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public void RecordResult_WithPredicate_ClassifiesResult()
    {
        var breaker = new CircuitBreaker("p", new CircuitBreakerOptions { FailureThreshold = 1, ShouldHandle = a => a.Result is "503" }, _time);

        var ok = breaker.AcquirePermit();
        ok.RecordResult("200");
        breaker.State.Should().Be(CircuitState.Closed);

        var bad = breaker.AcquirePermit();
        bad.RecordResult("503");
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public void RecordOutcome_PredicateSeesPipelineContext()
    {
        ResilienceContext? seen = null;
        var breaker = new CircuitBreaker("p", new CircuitBreakerOptions
        {
            FailureThreshold = 1,
            ShouldHandle = a =>
            {
                seen = a.Context;
                return a.Exception is not null;
            },
        }, _time);
        var context = ResilienceContext.Get();

        var permit = breaker.AcquirePermit();
        permit.RecordOutcome(Outcome.FromException<int>(new IOException()), context);

        seen.Should().BeSameAs(context);
        breaker.State.Should().Be(CircuitState.Open);
        ResilienceContext.Return(context);
    }

    [Fact]
    public void DefaultPermit_Record_Throws()
    {
        var permit = default(CircuitBreakerPermit);

        FluentActions.Invoking(() => permit.RecordSuccess()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => permit.RecordException(new IOException())).Should().Throw<InvalidOperationException>();
        permit.Epoch.Should().Be(-1);
    }

    private CircuitBreaker Create(int threshold, int halfOpenMaxCalls = 3, int successThreshold = 1, Type? excluded = null)
    {
        var options = new CircuitBreakerOptions
        {
            FailureThreshold = threshold,
            HalfOpenMaxCalls = halfOpenMaxCalls,
            SuccessThreshold = successThreshold,
        };
        if (excluded is not null)
        {
            options.ExcludedExceptions.Add(excluded);
        }

        return new CircuitBreaker("p", options, _time);
    }

    private static void Trip(CircuitBreaker breaker)
    {
        var permit = breaker.AcquirePermit();
        permit.RecordFailure();
        breaker.State.Should().Be(CircuitState.Open);
    }
}
