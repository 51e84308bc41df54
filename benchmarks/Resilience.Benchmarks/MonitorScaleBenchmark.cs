using BenchmarkDotNet.Attributes;
using Resilience.CircuitBreaking;
using Resilience.Monitoring;

namespace Resilience.Benchmarks;

/// <summary>
/// The monitor's background cost with 1,000 breakers tracked (all closed, the steady state): one evaluation tick (what
/// the background loop runs every <see cref="CircuitMonitorOptions.EvaluationInterval"/>, 30 s by default: the dashboard
/// of every breaker and the alert rules) and one dashboard read. CPU per second at the default interval is a tick's
/// mean divided by 30 s. The setup prints the live heap per tracked breaker to the log.
/// </summary>
[MemoryDiagnoser]
public class MonitorScaleBenchmark
{
    private const int Breakers = 1_000;
    private CircuitBreakerMonitor _monitor = null!;
    private CircuitBreaker[] _breakers = null!;

    /// <summary>Creates the breakers, gives each some traffic and tracks them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _breakers = [.. Enumerable.Range(0, Breakers).Select(static i => new CircuitBreaker("service-" + i, new CircuitBreakerOptions()))];
        foreach (var breaker in _breakers)
        {
            breaker.Execute(static (s, _) => s, 1);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _monitor = new CircuitBreakerMonitor(new CircuitMonitorOptions(), TimeProvider.System, []);
        foreach (var breaker in _breakers)
        {
            _monitor.Track(breaker);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// retained bytes per tracked breaker (monitor entry, ring, subscription): {(after - before) / (double)Breakers:F0}");
    }

    /// <summary>Stops tracking.</summary>
    [GlobalCleanup]
    public void Cleanup() => _monitor.Dispose();

    /// <summary>One background tick: evaluate the alert rules over every breaker (no alert fires).</summary>
    /// <returns>The alerts sent.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> EvaluationTick() => (await _monitor.EvaluateAlertsAsync()).Count;

    /// <summary>One dashboard read over every breaker.</summary>
    /// <returns>The number of rows.</returns>
    [Benchmark]
    public int Dashboard() => _monitor.GetDashboard().Breakers.Count;
}
