using Resilience.Internal;

namespace Resilience.Chaos;

/// <summary>Options of a fault injector: the injected call fails with an exception instead of running.</summary>
public class ChaosFaultOptions : ChaosStrategyOptions
{
    /// <summary>Gets or sets the function that creates the injected exception. Required.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<ResilienceContext, Exception>? FaultGenerator { get; set; }

    internal override void AddValidationErrors(ref OptionsGuard guard) => guard.NotNull(FaultGenerator, nameof(FaultGenerator));
}
