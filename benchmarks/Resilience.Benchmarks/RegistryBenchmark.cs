using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Resilience.Registry;

namespace Resilience.Benchmarks;

/// <summary>Looking up an existing breaker by name: the registry's fast path against a bare <see cref="ConcurrentDictionary{TKey, TValue}"/> read.</summary>
[MemoryDiagnoser]
public class RegistryBenchmark
{
    private const string Name = "payment-api";
    private readonly ConcurrentDictionary<string, object> _dictionary = new(StringComparer.Ordinal);
    private CircuitBreakerRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = new CircuitBreakerRegistry();
        for (var i = 0; i < 100; i++)
        {
            _registry.GetOrCreate("service-" + i);
            _dictionary["service-" + i] = new object();
        }

        _registry.GetOrCreate(Name);
        _dictionary[Name] = new object();
    }

    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    [Benchmark(Baseline = true)]
    public object DictionaryLookup() => _dictionary.TryGetValue(Name, out var value) ? value : null!;

    [Benchmark]
    public object RegistryGetOrCreateExisting() => _registry.GetOrCreate(Name);

    [Benchmark]
    public object? RegistryTryGet() => _registry.TryGet(Name, out var breaker) ? breaker : null;
}
