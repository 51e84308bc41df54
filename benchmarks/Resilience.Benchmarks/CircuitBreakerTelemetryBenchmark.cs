using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Resilience.Telemetry;

namespace Resilience.Benchmarks;

/// <summary>
/// The breaker's closed success path with nobody listening to the <c>Resilience</c> meter, and with a
/// <see cref="MeterListener"/> subscribed to every instrument (as an OpenTelemetry exporter would be).
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerTelemetryBenchmark
{
    private CircuitBreaking.CircuitBreaker _breaker = null!;
    private MeterListener? _listener;
    private long _observed;

    /// <summary>Gets or sets a value indicating whether a listener is attached.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _breaker = new CircuitBreaking.CircuitBreaker("telemetry-benchmark");
        if (Listening)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == ResilienceTelemetryNames.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _observed += value);
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _observed++);
            _listener.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark(Baseline = true)]
    public int Direct() => Operation(1);

    [Benchmark]
    public int ClosedSuccessSync() => _breaker.Execute(static (s, _) => Operation(s), 1);

    [Benchmark]
    public async ValueTask<int> ClosedSuccessAsync() =>
        await _breaker.ExecuteAsync(static (s, _) => ValueTask.FromResult(Operation(s)), 1);

    private static int Operation(int state) => state + 1;
}
