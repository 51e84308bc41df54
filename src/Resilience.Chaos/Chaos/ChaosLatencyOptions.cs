using Resilience.Internal;

namespace Resilience.Chaos;

/// <summary>Options of a latency injector: the injected call waits before it runs.</summary>
public class ChaosLatencyOptions : ChaosStrategyOptions
{
    /// <summary>Gets or sets the delay added to an injected call, measured on the pipeline's <see cref="TimeProvider"/>.</summary>
    /// <value>The default value is 30 seconds. It must not be negative.</value>
    public TimeSpan Latency { get; set; } = ChaosConstants.DefaultLatency;

    internal override void AddValidationErrors(ref OptionsGuard guard) => guard.Range(Latency, TimeSpan.Zero, ChaosConstants.MaxDuration, nameof(Latency));
}
