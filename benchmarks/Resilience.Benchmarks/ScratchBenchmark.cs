using System.Diagnostics;
using BenchmarkDotNet.Attributes;
namespace Resilience.Benchmarks;
#pragma warning disable CA2012
[MemoryDiagnoser]
public class ScratchBenchmark
{
    private CircuitBreaker.CircuitBreaker _ours = null!;
    [GlobalSetup] public void Setup() => _ours = CircuitBreakerFixtures.CreateOurs(open: true);
    [Benchmark] public bool TryAcquire() => _ours.TryAcquirePermit(out _, out _);
    [Benchmark] public bool OutcomeSync() => _ours.ExecuteOutcomeAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1).Result.IsRejected;
    [Benchmark] public long Tick() => Environment.TickCount64;
    [Benchmark] public object? ActivityCurrent() => Activity.Current;
    [Benchmark] public async ValueTask<int> OursOpenOutcome()
    {
        var outcome = await _ours.ExecuteOutcomeAsync(static (s, ct) => CircuitBreakerFixtures.Operation(s, ct), 1);
        return outcome.IsRejected ? -1 : outcome.Result;
    }
}
