namespace Resilience.Adaptive.Tests.AdaptiveConcurrency;

/// <summary>
/// A discrete-event simulation on a <see cref="FakeTimeProvider"/>: a closed loop of clients calls a backend through a
/// pipeline. The backend serves <see cref="Capacity"/> calls at its base latency; above that its latency grows in
/// proportion to the load (a queue), and a call slower than the timeout fails as a timeout. Single-threaded and deterministic:
/// every completion runs the pipeline's continuation inline at its simulated time.
/// </summary>
internal sealed class SimulatedBackend(FakeTimeProvider time, ResiliencePipeline pipeline, int clients)
{
    private static readonly TimeSpan BaseLatency = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RejectedBackoff = TimeSpan.FromMilliseconds(5);
    private readonly PriorityQueue<Action, long> _events = new();
    private readonly DateTimeOffset _origin = time.GetUtcNow();
    private long _sequence;

    public int Capacity { get; set; } = 50;

    public int InFlight { get; private set; }

    public long Served { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>Runs the simulation for <paramref name="duration"/>, calling <paramref name="sample"/> every <paramref name="every"/>.</summary>
    public void Run(TimeSpan duration, TimeSpan every, Action<TimeSpan> sample)
    {
        if (_sequence == 0)
        {
            for (var i = 0; i < clients; i++)
            {
                At(TimeSpan.Zero, Issue);
            }
        }

        var end = Now() + duration;
        var nextSample = Now();
        while (_events.TryPeek(out _, out var due) && Ticks(due) <= end)
        {
            var action = _events.Dequeue();
            var at = Ticks(due);
            while (nextSample <= at)
            {
                Advance(nextSample);
                sample(nextSample);
                nextSample += every;
            }

            Advance(at);
            action();
        }
    }

    private void Issue()
    {
        var pending = pipeline.ExecuteOutcomeAsync(static (_, backend) => backend.Call(), ResilienceContext.Get(), this);
        if (pending.IsCompleted)
        {
            // Rejected at once (or served synchronously): the client tries again a little later.
            Rejected++;
            At(Now() + RejectedBackoff, Issue);
        }
    }

    private ValueTask<Outcome<int>> Call()
    {
        InFlight++;
        var load = Math.Max(1.0, (double)InFlight / Capacity);
        var latency = BaseLatency * load;
        var completion = new TaskCompletionSource<Outcome<int>>();
        var timedOut = latency > Timeout;
        At(Now() + (timedOut ? Timeout : latency), () =>
        {
            InFlight--;
            Served++;
            completion.SetResult(timedOut ? Outcome.FromException<int>(new TimeoutException()) : Outcome.FromResult(1));
            Issue();
        });
        return new ValueTask<Outcome<int>>(completion.Task);
    }

    private TimeSpan Now() => time.GetUtcNow() - _origin;

    private void Advance(TimeSpan to)
    {
        var delta = to - Now();
        if (delta > TimeSpan.Zero)
        {
            time.Advance(delta);
        }
    }

    // Events at the same instant run in the order they were scheduled.
    private void At(TimeSpan at, Action action) => _events.Enqueue(action, (at.Ticks << 20) + (_sequence++ & 0xFFFFF));

    private static TimeSpan Ticks(long key) => TimeSpan.FromTicks(key >> 20);
}
