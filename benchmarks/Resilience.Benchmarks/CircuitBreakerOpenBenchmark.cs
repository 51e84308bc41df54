using BenchmarkDotNet.Attributes;
using Resilience.CircuitBreaking;
using PollyContextPool = Polly.ResilienceContextPool;
using PollyOutcome = Polly.Outcome;
using PollyPipeline = Polly.ResiliencePipeline;

namespace Resilience.Benchmarks;

/// <summary>A call rejected by an open breaker, through the throwing and the non-throwing API: ours against Polly's.</summary>
[MemoryDiagnoser]
public class CircuitBreakerOpenBenchmark
{
    private CircuitBreaking.CircuitBreaker _ours = null!;
    private PollyPipeline _polly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = CircuitBreakerFixtures.CreateOurs(open: true);
        _polly = CircuitBreakerFixtures.CreatePolly(open: true);
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> DirectAsync() => await CircuitBreakerFixtures.Operation(1, default);

    [Benchmark]
    public async ValueTask<int> OursOpenThrowing()
    {
        try
        {
            return await _ours.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
        }
        catch (CircuitOpenException)
        {
            return -1;
        }
    }

    [Benchmark]
    public async ValueTask<int> OursOpenOutcome()
    {
        var outcome = await _ours.ExecuteOutcomeAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
        return outcome.IsRejected ? -1 : outcome.Result;
    }

    [Benchmark]
    public async ValueTask<int> PollyOpenThrowing()
    {
        try
        {
            return await _polly.ExecuteAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return -1;
        }
    }

    [Benchmark]
    public async ValueTask<int> PollyOpenOutcome()
    {
        var context = PollyContextPool.Shared.Get();
        try
        {
            var outcome = await _polly.ExecuteOutcomeAsync(
                static async (_, s) => PollyOutcome.FromResult(await CircuitBreakerFixtures.Operation(s, default).ConfigureAwait(false)),
                context,
                1);
            return outcome.Exception is null ? outcome.Result : -1;
        }
        finally
        {
            PollyContextPool.Shared.Return(context);
        }
    }
}
