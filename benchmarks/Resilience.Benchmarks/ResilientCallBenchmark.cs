using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;

namespace Resilience.Benchmarks;

/// <summary>
/// The success path of the recommended composition (total timeout, retry, circuit breaker, attempt timeout): ours against
/// Polly.Core's equivalent pipeline and a direct call.
/// </summary>
[MemoryDiagnoser]
public class ResilientCallBenchmark
{
    private ResiliencePipeline _ours = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = new ResiliencePipelineBuilder().AddResilientCall().Build();
        _polly = new PollyPipelineBuilder()
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions())
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursResilientCallAsync() =>
        await _ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyPipelineAsync() =>
        await _polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
}
