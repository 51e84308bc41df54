using System.Diagnostics.CodeAnalysis;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.CircuitBreaking;

/// <summary>
/// The thresholds of a breaker's current options that a coordinator decides with (see <see cref="CircuitCoordination.Thresholds"/>).
/// Immutable: <see cref="CircuitBreaker.UpdateOptions"/> publishes a new instance, so a coordinator can tell a change by reference.
/// </summary>
[Experimental(CircuitBreakerConstants.CoordinationDiagnosticId)]
public sealed class CircuitCoordinationThresholds
{
    internal CircuitCoordinationThresholds(CircuitBreakerSettings settings)
    {
        TripPolicy = settings.TripPolicy;
        FailureThreshold = settings.FailureThreshold;
        FailureRatio = settings.FailureRatio;
        MinimumThroughput = settings.MinimumThroughput;
        SamplingDuration = settings.SamplingDuration;
        BreakDuration = settings.BreakDuration;
        HalfOpenMaxCalls = settings.HalfOpenMaxCalls;
        SuccessThreshold = settings.SuccessThreshold;
    }

    /// <summary>Gets the rule that opens the circuit (<see cref="CircuitBreakerOptions.TripPolicy"/>).</summary>
    public CircuitBreakerTripPolicy TripPolicy { get; }

    /// <summary>Gets the failures in a row that open the circuit (<see cref="CircuitBreakerOptions.FailureThreshold"/>).</summary>
    public int FailureThreshold { get; }

    /// <summary>Gets the failure ratio that opens the circuit (<see cref="CircuitBreakerOptions.FailureRatio"/>).</summary>
    public double FailureRatio { get; }

    /// <summary>Gets the calls a window needs before its ratio counts (<see cref="CircuitBreakerOptions.MinimumThroughput"/>).</summary>
    public int MinimumThroughput { get; }

    /// <summary>Gets the length of the sliding window (<see cref="CircuitBreakerOptions.SamplingDuration"/>).</summary>
    public TimeSpan SamplingDuration { get; }

    /// <summary>Gets the first break's length (<see cref="CircuitBreakerOptions.BreakDuration"/>).</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>Gets the probes a half-open period admits at once (<see cref="CircuitBreakerOptions.HalfOpenMaxCalls"/>).</summary>
    public int HalfOpenMaxCalls { get; }

    /// <summary>Gets the successful probes that close the circuit (<see cref="CircuitBreakerOptions.SuccessThreshold"/>).</summary>
    public int SuccessThreshold { get; }
}
