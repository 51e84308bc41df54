namespace Resilience.Adaptive.Tests.Throttling;

/// <summary>
/// An open-loop client on a <see cref="FakeTimeProvider"/>: <c>callsPerSecond</c> calls a second, evenly spaced, through
/// a pipeline to a backend that answers at once and accepts a call or not as the phase's rule says. Single-threaded and
/// deterministic.
/// </summary>
internal sealed class ThrottlingSimulation(FakeTimeProvider time, ResiliencePipeline pipeline, int callsPerSecond)
{
    private readonly DateTimeOffset _origin = time.GetUtcNow();
    private int _call;

    /// <summary>Gets the numbers of the calls rejected locally so far.</summary>
    public List<int> RejectedCalls { get; } = [];

    /// <summary>Runs the client for <paramref name="duration"/> against a backend that accepts call <c>i</c> at time <c>t</c> when <paramref name="accepts"/> says so.</summary>
    public Phase Run(TimeSpan duration, Func<int, TimeSpan, bool> accepts)
    {
        var step = TimeSpan.FromSeconds(1.0 / callsPerSecond);
        var calls = (int)Math.Round(duration / step);
        long sent = 0, accepted = 0;
        for (var i = 0; i < calls; i++)
        {
            var number = _call++;
            var at = time.GetUtcNow() - _origin;
            var reached = false;
            var ok = false;
            var pending = pipeline.ExecuteOutcomeAsync(
                (_, _) =>
                {
                    reached = true;
                    ok = accepts(number, at);
                    return ValueTask.FromResult(ok ? Outcome.FromResult(1) : Outcome.FromException<int>(new HttpRequestException("rejected by the backend")));
                },
                ResilienceContext.Get(),
                0);
            if (!pending.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The stage and the backend complete synchronously.");
            }

            var outcome = pending.Result;
            if (reached)
            {
                sent++;
                accepted += ok ? 1 : 0;
            }
            else
            {
                outcome.IsRejected.Should().BeTrue();
                RejectedCalls.Add(number);
            }

            time.Advance(step);
        }

        return new Phase(calls, sent, accepted);
    }

    /// <summary>What one phase offered, sent to the backend and had accepted.</summary>
    internal readonly record struct Phase(long Offered, long Sent, long Accepted)
    {
        public double SentFraction => (double)Sent / Offered;
    }
}

/// <summary>A backend that accepts at most <c>perSecond</c> calls in each second of simulated time and rejects the rest (overloaded).</summary>
internal sealed class CapacityBackend(int perSecond)
{
    private long _second = -1;
    private int _taken;

    public bool Accept(int call, TimeSpan at)
    {
        var second = (long)at.TotalSeconds;
        if (second != _second)
        {
            _second = second;
            _taken = 0;
        }

        return ++_taken <= perSecond;
    }
}
