using System.Collections.Concurrent;
using Resilience.CircuitBreaking;

namespace Resilience.Core.Tests.CircuitBreaking;


/// <summary>
/// Many threads hammering each boundary. Every test runs a bounded number of iterations and asserts
/// invariants that hold under any interleaving, so a slow or loaded machine changes how much contention there
/// is, never the outcome.
/// </summary>
public sealed partial class CircuitBreakerTests
{
    private const int Threads = 64;
    private const int Rounds = 20;

    [Fact]
    public void Concurrency_ClosedToOpen_ExactlyOneTransition()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var events = new ConcurrentQueue<CircuitStateChangedEventArgs>();
            var breaker = new CircuitBreaker("race", new CircuitBreakerOptions { FailureThreshold = 10 }, _time);
            breaker.StateChanged += (_, e) => events.Enqueue(e);
            var admitted = 0;
            var rejected = 0;

            RunOnThreads(Threads, thread =>
            {
                for (var i = 0; i < 5; i++)
                {
                    if (breaker.TryAcquirePermit(out var permit, out _))
                    {
                        Interlocked.Increment(ref admitted);
                        permit.RecordFailure();
                    }
                    else
                    {
                        Interlocked.Increment(ref rejected);
                    }
                }
            });

            events.Should().ContainSingle().Which.Should().Match<CircuitStateChangedEventArgs>(e =>
                e.PreviousState == CircuitState.Closed && e.NewState == CircuitState.Open && e.Epoch == 1);
            breaker.State.Should().Be(CircuitState.Open);
            (admitted + rejected).Should().Be(Threads * 5);
            admitted.Should().BeGreaterThanOrEqualTo(10);
            breaker.GetSnapshot().ConsecutiveFailures.Should().BeGreaterThanOrEqualTo(10);
        }
    }

    [Fact]
    public void Concurrency_ClosedOutcomes_NoLostCounters()
    {
        var breaker = new CircuitBreaker("count", new CircuitBreakerOptions { FailureThreshold = 10_000 }, _time);

        // 64 × 150 = 9,600 failures stay under the highest threshold (10,000), so the circuit stays closed.
        const int PerThread = 150;

        RunOnThreads(Threads, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                breaker.AcquirePermit().RecordFailure();
            }
        });
        var afterFailures = breaker.GetSnapshot();
        RunOnThreads(Threads, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                breaker.Execute(static (x, _) => x, i);
            }
        });
        var afterSuccesses = breaker.GetSnapshot();

        afterFailures.ConsecutiveFailures.Should().Be(Threads * PerThread);
        afterFailures.WindowFailures.Should().Be(Threads * PerThread);
        afterSuccesses.WindowSuccesses.Should().Be(Threads * PerThread);
        afterSuccesses.WindowFailures.Should().Be(Threads * PerThread);
        afterSuccesses.ConsecutiveFailures.Should().Be(0);
        afterSuccesses.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public void Concurrency_FailureRatio_NoLostCounters()
    {
        var options = RatioOptions();
        options.MinimumThroughput = 1_000_000;
        var breaker = new CircuitBreaker("ratio", options, _time);

        RunOnThreads(Threads, t =>
        {
            for (var i = 0; i < 200; i++)
            {
                var permit = breaker.AcquirePermit();
                if ((t + i) % 4 == 0)
                {
                    permit.RecordFailure();
                }
                else
                {
                    permit.RecordSuccess();
                }
            }
        });

        var snapshot = breaker.GetSnapshot();
        snapshot.WindowFailures.Should().Be(Threads * 200 / 4);
        snapshot.WindowSuccesses.Should().Be(Threads * 200 * 3 / 4);
    }

    [Fact]
    public void Concurrency_OpenToHalfOpen_OneTransitionAndAtMostHalfOpenMaxCallsProbes()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var events = new ConcurrentQueue<CircuitStateChangedEventArgs>();
            var breaker = new CircuitBreaker("probe", new CircuitBreakerOptions { FailureThreshold = 1, BreakDuration = Break }, _time);
            breaker.AcquirePermit().RecordFailure();
            breaker.StateChanged += (_, e) => events.Enqueue(e);
            _time.Advance(Break);
            var probes = new ConcurrentBag<CircuitBreakerPermit>();

            RunOnThreads(Threads, thread =>
            {
                if (breaker.TryAcquirePermit(out var permit, out _))
                {
                    probes.Add(permit);
                }
            });

            probes.Should().HaveCount(3).And.OnlyContain(p => p.IsProbe);
            events.Should().ContainSingle().Which.NewState.Should().Be(CircuitState.HalfOpen);

            // Half-open -> closed or open: the probes finish at once with mixed outcomes.
            var finishing = probes.ToArray();
            RunOnThreads(finishing.Length, i =>
            {
                if (i == round % 3)
                {
                    finishing[i].RecordSuccess();
                }
                else
                {
                    finishing[i].RecordFailure();
                }
            });

            events.Should().HaveCount(2, "exactly one transition leaves half-open");
            events.Last().PreviousState.Should().Be(CircuitState.HalfOpen);
            breaker.State.Should().Be(events.Last().NewState);
        }
    }

    [Fact]
    public void Concurrency_Hammer_ProbeLimitHoldsAndEventsFormOneChain()
    {
        const int HalfOpenMaxCalls = 3;
        var events = new ConcurrentQueue<CircuitStateChangedEventArgs>();
        var breaker = new CircuitBreaker(
            "hammer",
            new CircuitBreakerOptions { FailureThreshold = 3, HalfOpenMaxCalls = HalfOpenMaxCalls, SuccessThreshold = 2, BreakDuration = TimeSpan.FromSeconds(1) },
            _time);
        breaker.StateChanged += (_, e) => events.Enqueue(e);
        var probesRunning = 0;
        var maxProbesRunning = 0;
        var probesRun = 0;

        RunOnThreads(Threads, t =>
        {
            var random = new Random(t);
            for (var i = 0; i < 300; i++)
            {
                if (t == 0 && i % 10 == 0)
                {
                    _time.Advance(TimeSpan.FromSeconds(1));
                }

                if (!breaker.TryAcquirePermit(out var permit, out _))
                {
                    continue;
                }

                if (permit.IsProbe)
                {
                    // Counted inside the operation: how many probes run at this instant.
                    var running = Interlocked.Increment(ref probesRunning);
                    InterlockedMax(ref maxProbesRunning, running);
                    Interlocked.Increment(ref probesRun);
                    Thread.SpinWait(random.Next(1, 200));
                    Interlocked.Decrement(ref probesRunning);
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

        maxProbesRunning.Should().BeInRange(1, HalfOpenMaxCalls);
        probesRun.Should().BeGreaterThan(0);
        var chain = events.OrderBy(e => e.Epoch).ToList();
        chain.Should().NotBeEmpty();
        chain.Select(e => e.Epoch).Should().Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), "one event per transition, none lost or doubled");
        chain[0].PreviousState.Should().Be(CircuitState.Closed);
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i].PreviousState.Should().Be(chain[i - 1].NewState);
        }

        chain.Should().OnlyContain(e => IsAllowed(e.PreviousState, e.NewState));
        var snapshot = breaker.GetSnapshot();
        snapshot.Epoch.Should().Be(chain[^1].Epoch);
        snapshot.State.Should().Be(chain[^1].NewState);
        snapshot.ConsecutiveFailures.Should().BeGreaterThanOrEqualTo(0);
        snapshot.WindowFailures.Should().BeGreaterThanOrEqualTo(0);
        snapshot.WindowSuccesses.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Concurrency_IsolateAndResetRacingCalls_EventsFormOneChain()
    {
        var events = new ConcurrentQueue<CircuitStateChangedEventArgs>();
        var breaker = new CircuitBreaker("manual", new CircuitBreakerOptions { FailureThreshold = 2 }, _time);
        breaker.StateChanged += (_, e) => events.Enqueue(e);

        RunOnThreads(Threads, t =>
        {
            for (var i = 0; i < 100; i++)
            {
                switch ((t + i) % 8)
                {
                    case 0:
                        breaker.Isolate();
                        break;
                    case 1:
                        breaker.Reset();
                        break;
                    default:
                        if (breaker.TryAcquirePermit(out var permit, out _))
                        {
                            permit.RecordFailure();
                        }

                        break;
                }
            }
        });

        var chain = events.OrderBy(e => e.Epoch).ToList();
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i].PreviousState.Should().Be(chain[i - 1].NewState);
            chain[i].NewState.Should().NotBe(chain[i].PreviousState);
        }

        breaker.State.Should().Be(chain[^1].NewState);
    }

    private static bool IsAllowed(CircuitState from, CircuitState to) => (from, to) switch
    {
        (CircuitState.Closed, CircuitState.Open) => true,
        (CircuitState.Open, CircuitState.HalfOpen) => true,
        (CircuitState.HalfOpen, CircuitState.Closed) => true,
        (CircuitState.HalfOpen, CircuitState.Open) => true,
        _ => false,
    };

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Runs <paramref name="body"/> on that many dedicated threads released together by a barrier.</summary>
    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads released together, and fails on any exception they threw.</summary>
    internal static void RunOnThreads(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                body(i);
            }
#pragma warning disable CA1031 // Collected and asserted on the test thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Enqueue(ex);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        failures.Should().BeEmpty();
    }
}
