using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal;

/// <summary>Checks the named options of a shared stage (adaptive limit, throttle) at start-up with the stage's own rules,
/// naming the service: a value the stage refuses fails start-up, not the first call.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class SharedStageOptionsValidator<TOptions>(Action<TOptions, TimeProvider> construct) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            construct(options, TimeProvider.System);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{typeof(TOptions).Name} '{name}': {ex.Message}");
        }
    }
}
