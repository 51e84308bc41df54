using Microsoft.Extensions.Options;
using Resilience.Registry.Internal;
using Resilience.Retry;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>Validates named retry options at start-up with the retry stage's own rules (the stage validates in its constructor).</summary>
internal sealed class RetryOptionsValidator : IValidateOptions<RetryOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = new RetryStrategy(options, TimeProvider.System);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{ResilienceBuilder.SectionPath(RegistryConstants.RetriesSection, name)}: {ex.Message}");
        }
    }
}
