using Resilience.Internal;

namespace Resilience.Chaos;

/// <summary>
/// What every chaos injector shares: whether it is on, how often it injects, and where its randomness comes from.
/// </summary>
/// <remarks>
/// <para>Chaos is never on unless configured: <see cref="Enabled"/> defaults to <see langword="false"/>. To switch it
/// at run time (from configuration, a feature flag), set <see cref="EnabledGenerator"/>, for example
/// <c>_ =&gt; monitor.CurrentValue.ChaosEnabled</c> with an <c>IOptionsMonitor</c>; it is asked on every call.</para>
/// </remarks>
public abstract class ChaosStrategyOptions : IValidatableOptions
{
    /// <summary>Gets or sets a value indicating whether the injector is on, when <see cref="EnabledGenerator"/> is not set.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets a function asked on every call whether the injector is on; it takes precedence over <see cref="Enabled"/>.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="Enabled"/> decides.</value>
    public Func<ResilienceContext, bool>? EnabledGenerator { get; set; }

    /// <summary>Gets or sets the probability, from 0 to 1, that an enabled injector injects into a call.</summary>
    /// <value>The default value is 0.1.</value>
    public double InjectionRate { get; set; } = ChaosConstants.DefaultInjectionRate;

    /// <summary>Gets or sets the source of uniform random numbers in [0, 1); seed it to replay an experiment.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="Random.Shared"/>.</value>
    /// <remarks>It is called concurrently when the pipeline is; a seeded <see cref="Random"/> must be guarded, or used by one caller at a time.</remarks>
    public Func<double>? Randomizer { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(InjectionRate, 0d, 1d, nameof(InjectionRate));
        AddValidationErrors(ref guard);
        return guard.Errors;
    }

    /// <summary>Adds the checks of a derived injector's own options.</summary>
    internal virtual void AddValidationErrors(ref OptionsGuard guard)
    {
    }
}
