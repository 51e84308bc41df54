using BenchmarkDotNet.Attributes;

#pragma warning disable CA2012 // Every operation here completes synchronously; reading Result is safe and keeps the loop free of awaits.
using PollyPipeline = Polly.ResiliencePipeline;

namespace Resilience.Benchmarks;

/// <summary>
/// A fixed batch of <see cref="Calls"/> successful calls through one shared closed breaker, split over 1 or 2
/// threads. The table reports time per call, so two threads scale perfectly when their row is half the
/// one-thread row: throughput gain = (1-thread time) / (2-thread time), the target being at least 1.8.
/// <see cref="Control"/> does independent work of a similar cost with no shared state: its gain is the most
/// this machine can show at the time of the run (on a shared, loaded machine it can be far below 2).
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerContentionBenchmark
{
    private const int Calls = 1 << 20;

    private CircuitBreaking.CircuitBreaker _ours = null!;
    private PollyPipeline _polly = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ours = CircuitBreakerFixtures.CreateOurs(open: false);
        _polly = CircuitBreakerFixtures.CreatePolly(open: false);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public void Direct() => Run(this, static (_, i) => CircuitBreakerFixtures.Operation(i, default).Result);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void Control() => Run(this, static (_, i) => IndependentWork(i));

    [Benchmark(OperationsPerInvoke = Calls)]
    public void OursClosed() => Run(this, static (b, i) => b._ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), i).Result);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void PollyClosed() => Run(this, static (b, i) => b._polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), i).Result);

    private static int IndependentWork(int seed)
    {
        // About as much arithmetic as a closed breaker call, on locals only.
        var x = (uint)seed | 1;
        for (var i = 0; i < 24; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
        }

        return (int)x;
    }

    private void Run(CircuitBreakerContentionBenchmark self, Func<CircuitBreakerContentionBenchmark, int, int> call)
    {
        var perThread = Calls / Threads;
        var workers = new Thread[Threads];
        for (var t = 0; t < workers.Length; t++)
        {
            workers[t] = new Thread(() =>
            {
                var sum = 0;
                for (var i = 0; i < perThread; i++)
                {
                    sum += call(self, i);
                }

                GC.KeepAlive(sum);
            });
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }
    }
}
