// The experimental coordination seam (CircuitHold, CircuitCoordinationThresholds) is implemented here.
#pragma warning disable RESILIENCE0001

namespace Resilience.CircuitBreaking.Internal;

/// <summary>
/// An immutable, validated copy of <see cref="CircuitBreakerOptions"/>, with durations converted to
/// <see cref="TimeProvider"/> timestamp units. The breaker swaps the whole object atomically on update.
/// </summary>
internal sealed class CircuitBreakerSettings
{
    public CircuitBreakerSettings(CircuitBreakerOptions options, TimeProvider timeProvider)
    {
        Source = options;
        TripPolicy = options.TripPolicy;
        FailureThreshold = options.FailureThreshold;
        FailureRatio = options.FailureRatio;
        SamplingDuration = options.SamplingDuration;
        MinimumThroughput = options.MinimumThroughput;
        SlowCallTicks = options.SlowCallDuration is { } slow ? Math.Max(1, TimeMath.ToTimestampTicks(slow, timeProvider)) : 0;
        BreakDuration = options.BreakDuration;
        BreakDurationMultiplier = options.BreakDurationMultiplier;
        MaxBreakDuration = options.MaxBreakDuration ?? CircuitBreakerConstants.MaxDuration;
        BreakDurationGenerator = options.BreakDurationGenerator;
        HalfOpenMaxCalls = options.HalfOpenMaxCalls;
        MaxHalfOpenTicks = TimeMath.ToTimestampTicks(options.MaxHalfOpenDuration, timeProvider);
        SuccessThreshold = options.SuccessThreshold;
        ShouldHandle = options.ShouldHandle;
        ExcludedExceptions = [.. options.ExcludedExceptions];
        Coordination = new CircuitCoordinationThresholds(this);
    }

    /// <summary>Gets the options this copy was taken from (<see cref="CircuitBreaker.Options"/>).</summary>
    public CircuitBreakerOptions Source { get; }

    public CircuitBreakerTripPolicy TripPolicy { get; }

    public int FailureThreshold { get; }

    public double FailureRatio { get; }

    public TimeSpan SamplingDuration { get; }

    public int MinimumThroughput { get; }

    /// <summary>Gets the slow-call limit in timestamp units; 0 when slow calls are not counted.</summary>
    public long SlowCallTicks { get; }

    public TimeSpan BreakDuration { get; }

    public double BreakDurationMultiplier { get; }

    public TimeSpan MaxBreakDuration { get; }

    public Func<BreakDurationGeneratorArguments, TimeSpan>? BreakDurationGenerator { get; }

    public int HalfOpenMaxCalls { get; }

    /// <summary>Gets the longest half-open wait with every probe slot taken, in timestamp units.</summary>
    public long MaxHalfOpenTicks { get; }

    public int SuccessThreshold { get; }

    public Func<OutcomeArguments, bool>? ShouldHandle { get; }

    public Type[] ExcludedExceptions { get; }

    /// <summary>Gets the thresholds a coordinator reads (<see cref="CircuitCoordination.Thresholds"/>), one instance per settings.</summary>
    public CircuitCoordinationThresholds Coordination { get; }

    /// <summary>Bounds a generated break to [0, <see cref="CircuitBreakerConstants.MaxDuration"/>], like a configured one.</summary>
    public static TimeSpan BoundGenerated(TimeSpan duration) =>
        duration < TimeSpan.Zero ? TimeSpan.Zero : duration > CircuitBreakerConstants.MaxDuration ? CircuitBreakerConstants.MaxDuration : duration;

    /// <summary>The break for the given trip by the duration, multiplier and cap rule (never above <see cref="MaxBreakDuration"/>, at most 1 day).</summary>
    public TimeSpan DefaultBreakDuration(int consecutiveTrips)
    {
        if (consecutiveTrips <= 1 || BreakDurationMultiplier == 1.0)
        {
            return BreakDuration < MaxBreakDuration ? BreakDuration : MaxBreakDuration;
        }

        // Overflow: a huge exponent gives +Infinity, which fails the comparison and lands on the cap.
        var ticks = BreakDuration.Ticks * Math.Pow(BreakDurationMultiplier, consecutiveTrips - 1);
        return ticks < MaxBreakDuration.Ticks ? TimeSpan.FromTicks((long)ticks) : MaxBreakDuration;
    }

    public bool IsExcluded(Exception exception)
    {
        var excluded = ExcludedExceptions;
        if (excluded.Length == 0)
        {
            return false;
        }

        var type = exception.GetType();
        foreach (var candidate in excluded)
        {
            if (candidate.IsAssignableFrom(type))
            {
                return true;
            }
        }

        return false;
    }
}
