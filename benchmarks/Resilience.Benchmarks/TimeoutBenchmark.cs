using BenchmarkDotNet.Attributes;
using Polly;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;

namespace Resilience.Benchmarks;

/// <summary>The success path of a 30 s timeout stage: ours (timer wheel, pooled sources) against Polly.Core's and a direct call.</summary>
[MemoryDiagnoser]
public class TimeoutBenchmark
{
    private ResiliencePipeline _ours = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
        _polly = new PollyPipelineBuilder().AddTimeout(TimeSpan.FromSeconds(30)).Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursTimeoutAsync() =>
        await _ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursEmptyPipelineAsync() =>
        await ResiliencePipeline.Empty.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyTimeoutAsync() =>
        await _polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
}
