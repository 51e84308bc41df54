using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>
/// Validates named options at start-up with the rules of the component that consumes them, which checks them in its
/// constructor (the retry stage, the timeout manager): one rule set, with the same messages with or without DI.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class ConstructorOptionsValidator<TOptions>(string section, Action<TOptions> construct) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            construct(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{ResilienceBuilder.SectionPath(section, name)}: {ex.Message}");
        }
    }
}
