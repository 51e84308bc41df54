using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Resilience.Bulkhead;

namespace Resilience.Benchmarks;

/// <summary>
/// The success path of a bulkhead with free slots, beside the runtime's <see cref="ConcurrencyLimiter"/> doing the
/// same acquire-run-release (the reason the bulkhead is built on a <see cref="SemaphoreSlim"/> instead).
/// </summary>
[MemoryDiagnoser]
public class BulkheadBenchmark
{
    private ResiliencePipeline _ours = null!;
    private BulkheadStrategy _bulkhead = null!;
    private ConcurrencyLimiter _limiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bulkhead = new BulkheadStrategy(new BulkheadOptions { MaxConcurrency = 10, QueueLimit = 10 });
        _ours = new ResiliencePipelineBuilder().AddBulkhead(_bulkhead).Build();
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 10, QueueLimit = 10 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bulkhead.Dispose();
        _limiter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> Direct() => await Operation(1, CancellationToken.None);

    [Benchmark]
    public ValueTask<int> Resilience_Pipeline() => _ours.ExecuteAsync(static (s, ct) => Operation(s, ct), 1);

    [Benchmark]
    public async ValueTask<int> ConcurrencyLimiter_AcquireAsync()
    {
        using var lease = await _limiter.AcquireAsync(1);
        return await Operation(1, CancellationToken.None);
    }

    private static ValueTask<int> Operation(int value, CancellationToken cancellationToken) => ValueTask.FromResult(value);
}
