using Resilience.Internal;
using Resilience.Registry.Internal;

namespace Resilience.Registry;

/// <summary>Limits of a <see cref="CircuitBreakerRegistry"/>.</summary>
/// <remarks>Bound from the configuration section <c>Resilience:Registry</c> by <c>AddResilience(configuration)</c>.</remarks>
public class CircuitBreakerRegistryOptions : IValidatableOptions
{
    /// <summary>Gets or sets the most breakers the registry holds; creating one more throws <see cref="CircuitBreakerRegistryFullException"/>.</summary>
    /// <value>The default value is 1,000.</value>
    /// <remarks>The bound keeps names derived from untrusted input (host names, tenants) from growing memory and
    /// metric cardinality without limit: every breaker adds one series per instrument.</remarks>
    public int MaxBreakers { get; set; } = RegistryConstants.DefaultMaxBreakers;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MaxBreakers, 1, RegistryConstants.MaxBreakersLimit, nameof(MaxBreakers));
        return guard.Errors;
    }
}
