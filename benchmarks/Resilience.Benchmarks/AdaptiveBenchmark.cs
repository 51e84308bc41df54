using BenchmarkDotNet.Attributes;
using Resilience.AdaptiveConcurrency;
using Resilience.Throttling;

namespace Resilience.Benchmarks;

/// <summary>
/// The success paths of the adaptive stages (no rival in Polly): the adaptive concurrency limit (each algorithm: two
/// interlocked operations to admit, a short lock to take the sample) and client-side throttling with a healthy backend
/// (a volatile read to admit, a short lock to count).
/// </summary>
[MemoryDiagnoser]
public class AdaptiveBenchmark
{
    private ResiliencePipeline _aimd = null!;
    private ResiliencePipeline _vegas = null!;
    private ResiliencePipeline _gradient = null!;
    private ResiliencePipeline _throttling = null!;
    private readonly List<IDisposable> _stages = [];

    [GlobalSetup]
    public void Setup()
    {
        _aimd = Limit(AdaptiveLimitAlgorithm.Aimd);
        _vegas = Limit(AdaptiveLimitAlgorithm.Vegas);
        _gradient = Limit(AdaptiveLimitAlgorithm.Gradient);
        var throttle = new ClientThrottlingStrategy(new ClientThrottlingOptions { Name = "benchmark" });
        _stages.Add(throttle);
        _throttling = new ResiliencePipelineBuilder().AddClientThrottling(throttle).Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _stages.ForEach(static s => s.Dispose());

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> AimdLimitAsync() => await _aimd.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> VegasLimitAsync() => await _vegas.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> GradientLimitAsync() => await _gradient.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> ClientThrottlingAsync() => await _throttling.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    private ResiliencePipeline Limit(AdaptiveLimitAlgorithm algorithm)
    {
        var stage = new AdaptiveConcurrencyStrategy(new AdaptiveConcurrencyOptions { Name = "benchmark-" + algorithm, Algorithm = algorithm });
        _stages.Add(stage);
        return new ResiliencePipelineBuilder().AddAdaptiveConcurrencyLimit(stage).Build();
    }
}
