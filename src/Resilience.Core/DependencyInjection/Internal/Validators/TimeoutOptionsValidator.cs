using Microsoft.Extensions.Options;
using Resilience.Registry.Internal;
using Resilience.Timeout;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>Validates named timeout options at start-up with the timeout manager's own rules (it validates in its constructor).</summary>
internal sealed class TimeoutOptionsValidator : IValidateOptions<TimeoutOptions>
{
    public ValidateOptionsResult Validate(string? name, TimeoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var manager = new TimeoutManager(options, TimeProvider.System);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{ResilienceBuilder.SectionPath(RegistryConstants.TimeoutsSection, name)}: {ex.Message}");
        }
    }
}
