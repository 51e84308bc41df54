using BenchmarkDotNet.Attributes;
using Polly;
using Polly.Retry;
using Resilience.Retry;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;

namespace Resilience.Benchmarks;

/// <summary>The success path of a retry stage (first attempt succeeds): ours against Polly.Core's and a direct call.</summary>
[MemoryDiagnoser]
public class RetryBenchmark
{
    private ResiliencePipeline _ours = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = new ResiliencePipelineBuilder().AddRetry(new RetryOptions()).Build();
        _polly = new PollyPipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursRetryAsync() =>
        await _ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyRetryAsync() =>
        await _polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
}
