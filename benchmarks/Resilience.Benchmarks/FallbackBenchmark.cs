using BenchmarkDotNet.Attributes;
using Resilience.Degradation;
using PollyFallbackOptions = Polly.Fallback.FallbackStrategyOptions<int>;
using PollyOutcome = Polly.Outcome;
using PollyPipeline = Polly.ResiliencePipeline<int>;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder<int>;

namespace Resilience.Benchmarks;

/// <summary>The success path of a fallback stage: the primary succeeds, so the fallback never runs.</summary>
[MemoryDiagnoser]
public class FallbackBenchmark
{
    private ResiliencePipeline _ours = null!;
    private FallbackStrategy<int> _oursStandalone = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new FallbackOptions<int> { FallbackAction = static _ => ValueTask.FromResult(-1) };
        _ours = new ResiliencePipelineBuilder().AddFallback(options).Build();
        _oursStandalone = new FallbackStrategy<int>(options);
        _polly = Polly.FallbackResiliencePipelineBuilderExtensions
            .AddFallback(new PollyPipelineBuilder(), new PollyFallbackOptions { FallbackAction = static _ => PollyOutcome.FromResultAsValueTask(-1) })
            .Build();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> Direct() => await Operation(1, CancellationToken.None);

    [Benchmark]
    public ValueTask<int> Resilience_Pipeline() => _ours.ExecuteAsync(static (s, ct) => Operation(s, ct), 1);

    [Benchmark]
    public ValueTask<int> Resilience_Standalone() => _oursStandalone.ExecuteAsync(static ct => Operation(1, ct));

    [Benchmark]
    public ValueTask<int> Polly_Pipeline() => _polly.ExecuteAsync(static (s, ct) => Operation(s, ct), 1, CancellationToken.None);

    private static ValueTask<int> Operation(int value, CancellationToken cancellationToken) => ValueTask.FromResult(value);
}
