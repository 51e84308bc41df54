using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Polly;
using Polly.Hedging;
using Resilience.Hedging;
using PollyPipeline = Polly.ResiliencePipeline;
using PollyPipelineBuilder = Polly.ResiliencePipelineBuilder;
using PollyTypedPipeline = Polly.ResiliencePipeline<int>;
using PollyTypedPipelineBuilder = Polly.ResiliencePipelineBuilder<int>;

namespace Resilience.Benchmarks;

/// <summary>
/// The success paths of hedging (the primary answers at once, no hedge fired) and of a rate limiter with permits to
/// spare (a token bucket, whose granted lease is cached), ours beside Polly's <c>AddHedging</c> and <c>AddRateLimiter</c>
/// over the same kind of limiter, in one run.
/// </summary>
[MemoryDiagnoser]
public class HedgingRateLimiterBenchmark
{
    private ResiliencePipeline _oursHedging = null!;
    private PollyTypedPipeline _pollyHedging = null!;
    private ResiliencePipeline _oursRateLimiter = null!;
    private PollyPipeline _pollyRateLimiter = null!;
    private TokenBucketRateLimiter _oursLimiter = null!;
    private TokenBucketRateLimiter _pollyLimiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oursHedging = new ResiliencePipelineBuilder()
            .AddHedging(new HedgingOptions<int> { MaxHedgedAttempts = 1, Delay = TimeSpan.FromSeconds(2) })
            .Build();
        _pollyHedging = new PollyTypedPipelineBuilder()
            .AddHedging(new HedgingStrategyOptions<int> { MaxHedgedAttempts = 1, Delay = TimeSpan.FromSeconds(2) })
            .Build();
        _oursLimiter = NewLimiter();
        _pollyLimiter = NewLimiter();
        _oursRateLimiter = new ResiliencePipelineBuilder().AddRateLimiter(_oursLimiter, "benchmark").Build();
        _pollyRateLimiter = new PollyPipelineBuilder().AddRateLimiter(_pollyLimiter).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _oursLimiter.Dispose();
        _pollyLimiter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursHedgingAsync() =>
        await _oursHedging.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyHedgingAsync() =>
        await _pollyHedging.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> OursRateLimiterAsync() =>
        await _oursRateLimiter.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> PollyRateLimiterAsync() =>
        await _pollyRateLimiter.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);

    // Never runs dry during a run: a huge bucket refilled every millisecond, no queue.
    private static TokenBucketRateLimiter NewLimiter() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = int.MaxValue,
        TokensPerPeriod = int.MaxValue,
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
