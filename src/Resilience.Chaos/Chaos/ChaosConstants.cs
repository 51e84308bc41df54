namespace Resilience.Chaos;

/// <summary>Defaults of the chaos injectors.</summary>
internal static class ChaosConstants
{
    /// <summary>The default share of calls that get a fault injected once chaos is enabled.</summary>
    public const double DefaultInjectionRate = 0.1;

    /// <summary>The default injected latency: long enough to trip a typical timeout.</summary>
    public static readonly TimeSpan DefaultLatency = TimeSpan.FromSeconds(30);

    /// <summary>The default time a chaos-tripped breaker stays forced open.</summary>
    public static readonly TimeSpan DefaultTripDuration = TimeSpan.FromSeconds(30);

    /// <summary>The longest injected latency or forced-open time: a day, like the library's other durations.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The shortest forced-open time.</summary>
    public static readonly TimeSpan MinTripDuration = TimeSpan.FromMilliseconds(1);
}
