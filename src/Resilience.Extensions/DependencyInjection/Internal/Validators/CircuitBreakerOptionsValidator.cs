using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;
using Resilience.Registry.Internal;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>
/// Validates named breaker options at host start-up with the breaker's own rules (ranges and cross-field rules, each
/// message naming the option and its value), prefixed with the configuration path of the service.
/// </summary>
internal sealed class CircuitBreakerOptionsValidator : IValidateOptions<CircuitBreakerOptions>
{
    public ValidateOptionsResult Validate(string? name, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = [.. options.GetValidationErrors(), .. TripPolicyRules.GetIneffectiveSettings(options)];
        if (errors.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var path = ResilienceBuilder.SectionPath(RegistryConstants.CircuitBreakersSection, name);
        return ValidateOptionsResult.Fail(errors.Select(e => $"{path}: {e}"));
    }
}
