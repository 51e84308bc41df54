using System.Globalization;
using Microsoft.Extensions.Options;

namespace Resilience.HealthChecks.Internal;

/// <summary>Refuses at start-up a <see cref="CircuitBreakerHealthCheckOptions.FailureRatio"/> that could never or would always apply.</summary>
internal sealed class CircuitBreakerHealthCheckOptionsValidator : IValidateOptions<CircuitBreakerHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, CircuitBreakerHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FailureRatio is { } ratio && !(ratio > 0 && ratio <= 1))
        {
            return ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"Health check '{name}': CircuitBreakerHealthCheckOptions.FailureRatio must be more than 0 and at most 1, but was {ratio}."));
        }

        return options.CriticalCircuits.Any(string.IsNullOrWhiteSpace)
            ? ValidateOptionsResult.Fail($"Health check '{name}': CircuitBreakerHealthCheckOptions.CriticalCircuits holds an empty name.")
            : ValidateOptionsResult.Success;
    }
}
