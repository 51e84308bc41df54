using BenchmarkDotNet.Attributes;
using Resilience.CircuitBreaking;
using Resilience.Registry;

namespace Resilience.Benchmarks;

/// <summary>
/// Memory per breaker: each operation creates one closed breaker (the allocated column is bytes per breaker), alone with
/// either trip policy, and through a registry (entry, lazy, gauge source, dictionary slot and the name's options). The
/// setup also prints the live heap per breaker (the GC heap after a full collection, 10,000 breakers held, divided by
/// 10,000) to the log, since allocated is not the same as kept.
/// </summary>
[MemoryDiagnoser]
public class BreakerMemoryBenchmark
{
    private const int PerInvoke = 1_000;
    private static readonly CircuitBreakerOptions Consecutive = new() { TripPolicy = CircuitBreakerTripPolicy.ConsecutiveFailures };
    private static readonly CircuitBreakerOptions Ratio = new() { TripPolicy = CircuitBreakerTripPolicy.FailureRatio };
    private readonly CircuitBreaker[] _held = new CircuitBreaker[PerInvoke];
    private string[] _names = null!;

    /// <summary>Makes the names and prints the live heap per breaker of each variant.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _names = [.. Enumerable.Range(0, PerInvoke).Select(static i => "service-" + i)];
        Console.WriteLine($"// retained bytes per breaker, consecutive policy: {Retained(Consecutive):F0}");
        Console.WriteLine($"// retained bytes per breaker, failure-ratio policy: {Retained(Ratio):F0}");
        Console.WriteLine($"// retained bytes per breaker, registry (consecutive): {RetainedInRegistry():F0}");
    }

    /// <summary>One breaker with the consecutive-failures policy (the default).</summary>
    /// <returns>The last breaker.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = PerInvoke)]
    public CircuitBreaker ConsecutivePolicy() => Create(Consecutive);

    /// <summary>One breaker with the failure-ratio policy (its health window).</summary>
    /// <returns>The last breaker.</returns>
    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public CircuitBreaker FailureRatioPolicy() => Create(Ratio);

    /// <summary>One breaker created by name through a registry (which is made and disposed per 1,000).</summary>
    /// <returns>The number of breakers.</returns>
    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int ThroughRegistry()
    {
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions { MaxBreakers = PerInvoke }, optionsFactory: static _ => Consecutive);
        foreach (var name in _names)
        {
            registry.GetOrCreate(name);
        }

        return registry.Count;
    }

    private static double Retained(CircuitBreakerOptions options)
    {
        const int Count = 10_000;
        var held = new CircuitBreaker[Count];
        var names = Enumerable.Range(0, Count).Select(static i => "service-" + i).ToArray();
        var before = LiveHeap();
        for (var i = 0; i < Count; i++)
        {
            held[i] = new CircuitBreaker(names[i], options);
        }

        var after = LiveHeap();
        GC.KeepAlive(held);
        GC.KeepAlive(names);
        return (after - before) / (double)Count;
    }

    private static double RetainedInRegistry()
    {
        const int Count = 10_000;
        var names = Enumerable.Range(0, Count).Select(static i => "service-" + i).ToArray();
        var before = LiveHeap();
        using var registry = new CircuitBreakerRegistry(new CircuitBreakerRegistryOptions { MaxBreakers = Count }, optionsFactory: static _ => Consecutive);
        foreach (var name in names)
        {
            registry.GetOrCreate(name);
        }

        var after = LiveHeap();
        GC.KeepAlive(names);
        return (after - before) / (double)Count;
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private CircuitBreaker Create(CircuitBreakerOptions options)
    {
        for (var i = 0; i < _held.Length; i++)
        {
            _held[i] = new CircuitBreaker(_names[i], options);
        }

        return _held[^1];
    }
}
