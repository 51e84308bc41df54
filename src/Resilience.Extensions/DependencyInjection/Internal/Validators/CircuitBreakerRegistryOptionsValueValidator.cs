using Microsoft.Extensions.Options;
using Resilience.Monitoring.Internal;
using Resilience.Registry;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>Runs the generated validator of <see cref="CircuitBreakerRegistryOptions"/> and adds the bad value to each message.</summary>
internal sealed class CircuitBreakerRegistryOptionsValueValidator : IValidateOptions<CircuitBreakerRegistryOptions>
{
    private static readonly CircuitBreakerRegistryOptionsValidator Generated = new();

    public ValidateOptionsResult Validate(string? name, CircuitBreakerRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        OptionsFailureFormatter.AddFailures(
            builder,
            "Resilience:Registry",
            Generated.Validate(name, options),
            [new(nameof(options.MaxBreakers), options.MaxBreakers)]);
        return builder.Build();
    }
}
