using BenchmarkDotNet.Attributes;
using PollyPipeline = Polly.ResiliencePipeline;

namespace Resilience.Benchmarks;

/// <summary>A successful call through a closed breaker: ours (async, sync) against Polly's and a direct call.</summary>
[MemoryDiagnoser]
public class CircuitBreakerClosedBenchmark
{
    private CircuitBreaking.CircuitBreaker _ours = null!;
    private CircuitBreaking.CircuitBreaker _oursRatio = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = CircuitBreakerFixtures.CreateOurs(open: false);
        _oursRatio = new CircuitBreaking.CircuitBreaker(
            "bench-ratio",
            new CircuitBreaking.CircuitBreakerOptions { TripPolicy = CircuitBreaking.CircuitBreakerTripPolicy.FailureRatio });
        _polly = CircuitBreakerFixtures.CreatePolly(open: false);
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursClosedAsync() =>
        await _ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursClosedRatioAsync() =>
        await _oursRatio.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public int OursClosedSync() => _ours.Execute(static (s, _) => s + 1, 1);

    [Benchmark]
    public async ValueTask<int> PollyClosedAsync() =>
        await _polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
}
