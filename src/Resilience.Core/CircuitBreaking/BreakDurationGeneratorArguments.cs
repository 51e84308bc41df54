namespace Resilience.CircuitBreaking;

/// <summary>What <see cref="CircuitBreakerOptions.BreakDurationGenerator"/> sees when the circuit opens.</summary>
public readonly struct BreakDurationGeneratorArguments
{
    /// <summary>Initializes a new instance of the <see cref="BreakDurationGeneratorArguments"/> struct.</summary>
    /// <param name="breakerName">The breaker's name.</param>
    /// <param name="consecutiveTrips">How many times the circuit has opened since it was last closed, this time included.</param>
    /// <param name="defaultBreakDuration">The break the options' duration, multiplier and cap give for this trip.</param>
    public BreakDurationGeneratorArguments(string breakerName, int consecutiveTrips, TimeSpan defaultBreakDuration)
    {
        BreakerName = breakerName;
        ConsecutiveTrips = consecutiveTrips;
        DefaultBreakDuration = defaultBreakDuration;
    }

    /// <summary>Gets the breaker's name.</summary>
    public string BreakerName { get; }

    /// <summary>Gets how many times the circuit has opened since it was last closed: 1 on the first trip, 2 when the first probe failed...</summary>
    public int ConsecutiveTrips { get; }

    /// <summary>Gets the break the options' <see cref="CircuitBreakerOptions.BreakDuration"/>, multiplier and cap give for this trip.</summary>
    public TimeSpan DefaultBreakDuration { get; }
}
