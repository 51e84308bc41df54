using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// The observable gauges of the circuits a registry created: the state as a <c>circuit_breaker.state</c> attribute (1 for
/// the current state, 0 for the three others, so a dashboard needs no value mapping and a series never goes stale), how
/// long each circuit has been in its state, and how long an open circuit's break has left.
/// </summary>
/// <remarks>The callbacks run only when a listener collects; their allocations are off the call path. Thread-safe.</remarks>
internal static class CircuitStateGauges
{
    private static readonly CircuitState[] States = [CircuitState.Closed, CircuitState.HalfOpen, CircuitState.Open, CircuitState.Isolated];

    private static readonly ConcurrentDictionary<ICircuitStateSource, byte> TrackedCircuits = new();

    internal static readonly ObservableGauge<int> State = ResilienceMetrics.Meter.CreateObservableGauge(
        ResilienceTelemetryNames.CircuitState,
        ObserveStates,
        "{state}",
        "Circuit state: 1 for the state in the circuit_breaker.state attribute the circuit is in, 0 for the others.");

    internal static readonly ObservableGauge<double> StateDuration = ResilienceMetrics.Meter.CreateObservableGauge(
        ResilienceTelemetryNames.CircuitStateDuration,
        static () => Observe(static t => t.InState),
        "s",
        "How long each circuit has been in its current state.");

    internal static readonly ObservableGauge<double> BreakRemaining = ResilienceMetrics.Meter.CreateObservableGauge(
        ResilienceTelemetryNames.CircuitBreakRemaining,
        static () => Observe(static t => t.BreakRemaining),
        "s",
        "How long until an open circuit admits probe calls; 0 when it is not open.");

    /// <summary>Adds a circuit to the gauges; the registry calls this once per breaker it creates.</summary>
    public static void Track(ICircuitStateSource circuit) => TrackedCircuits.TryAdd(circuit, 0);

    /// <summary>Removes a circuit from the gauges.</summary>
    public static void Untrack(ICircuitStateSource circuit) => TrackedCircuits.TryRemove(circuit, out _);

    private static List<Measurement<int>> ObserveStates()
    {
        var measurements = new List<Measurement<int>>(TrackedCircuits.Count * States.Length);
        foreach (var circuit in TrackedCircuits.Keys)
        {
            var current = circuit.State;
            var name = new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, circuit.Name);
            foreach (var state in States)
            {
                measurements.Add(new Measurement<int>(
                    state == current ? 1 : 0,
                    name,
                    new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitStateTag, CircuitBreakerMetrics.ToTagValue(state))));
            }
        }

        return measurements;
    }

    private static List<Measurement<double>> Observe(Func<CircuitStateTiming, TimeSpan> read)
    {
        var measurements = new List<Measurement<double>>(TrackedCircuits.Count);
        foreach (var circuit in TrackedCircuits.Keys)
        {
            measurements.Add(new Measurement<double>(
                read(circuit.ReadTiming()).TotalSeconds,
                new KeyValuePair<string, object?>(ResilienceTelemetryNames.CircuitBreakerNameTag, circuit.Name)));
        }

        return measurements;
    }
}
