using BenchmarkDotNet.Attributes;
using Resilience.CircuitBreaking;
using Resilience.Registry;

namespace Resilience.Benchmarks;

/// <summary>
/// The registry as it grows: looking up an existing name, and creating (then removing) a new one, with 10, 1,000 and
/// 100,000 named breakers held. A lookup must stay one dictionary read (0 B) whatever the count; a creation is the
/// breaker, its registry entry and its gauge registration.
/// </summary>
[MemoryDiagnoser]
public class RegistryScaleBenchmark
{
    private static readonly CircuitBreakerOptions Options = new();
    private CircuitBreakerRegistry _registry = null!;
    private string _hot = null!;
    private string _fresh = null!;

    /// <summary>Gets or sets how many breakers the registry holds.</summary>
    [Params(10, 1_000, 100_000)]
    public int Breakers { get; set; }

    /// <summary>Fills the registry; the looked-up name is in the middle of the inserted ones.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions { MaxBreakers = Breakers + 1 }, optionsFactory: static _ => Options);
        for (var i = 0; i < Breakers; i++)
        {
            _registry.GetOrCreate("service-" + i);
        }

        _hot = "service-" + (Breakers / 2);
        _fresh = "service-new";
    }

    /// <summary>Removes every breaker (and so every gauge registration).</summary>
    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    /// <summary>The fast path: an existing name.</summary>
    /// <returns>The breaker.</returns>
    [Benchmark(Baseline = true)]
    public CircuitBreaker GetOrCreateExisting() => _registry.GetOrCreate(_hot);

    /// <summary>Looking up without creating.</summary>
    /// <returns>The breaker.</returns>
    [Benchmark]
    public CircuitBreaker? TryGetExisting() => _registry.TryGet(_hot, out var breaker) ? breaker : null;

    /// <summary>A name seen for the first time, created with its options and removed again (so the count stays).</summary>
    /// <returns>Whether it was removed.</returns>
    [Benchmark]
    public bool CreateAndRemove()
    {
        _registry.GetOrCreate(_fresh);
        return _registry.Remove(_fresh);
    }
}
