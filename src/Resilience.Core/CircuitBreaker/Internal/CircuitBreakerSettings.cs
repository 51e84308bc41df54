namespace Resilience.CircuitBreaker.Internal;

/// <summary>
/// An immutable, validated copy of <see cref="CircuitBreakerOptions"/>, with durations converted to
/// <see cref="TimeProvider"/> timestamp units. The breaker swaps the whole object atomically on update.
/// </summary>
internal sealed class CircuitBreakerSettings
{
    public CircuitBreakerSettings(CircuitBreakerOptions options, TimeProvider timeProvider)
    {
        TripPolicy = options.TripPolicy;
        FailureThreshold = options.FailureThreshold;
        FailureRatio = options.FailureRatio;
        SamplingDuration = options.SamplingDuration;
        MinimumThroughput = options.MinimumThroughput;
        SlowCallTicks = options.SlowCallDuration is { } slow ? Math.Max(1, TimeMath.ToTimestampTicks(slow, timeProvider)) : 0;
        BreakDuration = options.BreakDuration;
        BreakDurationMultiplier = options.BreakDurationMultiplier;
        MaxBreakDuration = options.MaxBreakDuration ?? TimeSpan.MaxValue;
        BreakDurationGenerator = options.BreakDurationGenerator;
        HalfOpenMaxCalls = options.HalfOpenMaxCalls;
        SuccessThreshold = options.SuccessThreshold;
        ShouldHandle = options.ShouldHandle;
        ExcludedExceptions = [.. options.ExcludedExceptions];
    }

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

    public int SuccessThreshold { get; }

    public Func<OutcomeArguments, bool>? ShouldHandle { get; }

    public Type[] ExcludedExceptions { get; }

    /// <summary>The break for the given trip by the duration, multiplier and cap rule.</summary>
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
