using Resilience.Internal;

namespace Resilience.Chaos;

/// <summary>
/// Options of a breaker-trip injector: an injected call first forces a named circuit breaker open
/// (<see cref="CircuitBreaking.CircuitBreaker.Isolate"/>), so the breaker and every fallback behind it can be tested.
/// </summary>
public class ChaosBreakerTripOptions : ChaosStrategyOptions
{
    /// <summary>Gets or sets the name of the breaker to trip. Required.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? BreakerName { get; set; }

    /// <summary>Gets or sets the function that finds a breaker by name, for example a registry lookup. Required.</summary>
    /// <value>The default is <see langword="null"/>. A <see langword="null"/> answer (no such breaker) skips the injection.</value>
    public Func<string, CircuitBreaking.CircuitBreaker?>? BreakerResolver { get; set; }

    /// <summary>Gets or sets how long a tripped breaker stays forced open before it is reset, measured on the pipeline's clock.</summary>
    /// <remarks>The reset ends only the isolation the trip placed: when the breaker changed since (a manual
    /// <see cref="CircuitBreaking.CircuitBreaker.Reset"/>, then a real outage that opened it), the timer leaves it alone.</remarks>
    /// <value>The default value is 30 seconds. <see langword="null"/> leaves it isolated until somebody calls <see cref="CircuitBreaking.CircuitBreaker.Reset"/>.</value>
    public TimeSpan? TripDuration { get; set; } = ChaosConstants.DefaultTripDuration;

    internal override void AddValidationErrors(ref OptionsGuard guard)
    {
        guard.NotEmpty(BreakerName, nameof(BreakerName));
        guard.Range(TripDuration, ChaosConstants.MinTripDuration, ChaosConstants.MaxDuration, nameof(TripDuration));
    }
}
