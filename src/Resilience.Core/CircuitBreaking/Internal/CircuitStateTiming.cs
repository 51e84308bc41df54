
namespace Resilience.CircuitBreaking.Internal;

/// <summary>What the circuit gauges report of one circuit at one instant.</summary>
/// <param name="State">The circuit's state.</param>
/// <param name="InState">How long the circuit has been in <paramref name="State"/> (never negative).</param>
/// <param name="BreakRemaining">While open, how long until the circuit admits probe calls; otherwise zero.</param>
internal readonly record struct CircuitStateTiming(CircuitState State, TimeSpan InState, TimeSpan BreakRemaining);
