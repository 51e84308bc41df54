using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>
/// The one options validator of the library: runs the options' own <see cref="IValidatableOptions.GetValidationErrors"/>
/// (the rules their component's constructor throws from) and prefixes each message with the configuration path of the
/// options name, so "FailureThreshold must be ..." becomes "Resilience:CircuitBreakers:inventory:FailureThreshold must be ...".
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="configurationPathOf">The configuration path of the options of a name (where they are, or would be, bound from).</param>
/// <param name="configurationRules">Rules that apply to options set up through dependency injection only (settings that would
/// do nothing there), or <see langword="null"/>.</param>
internal sealed class ResilienceOptionsValidator<TOptions>(Func<string, string> configurationPathOf, Func<TOptions, IEnumerable<string>>? configurationRules = null)
    : IValidateOptions<TOptions>
    where TOptions : class, IValidatableOptions
{
    /// <summary>Registers the validator of <typeparamref name="TOptions"/> once (the first registration wins).</summary>
    public static void Register(
        Microsoft.Extensions.DependencyInjection.IServiceCollection services,
        Func<string, string> configurationPathOf,
        Func<TOptions, IEnumerable<string>>? configurationRules = null)
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationInstance is ResilienceOptionsValidator<TOptions>))
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IValidateOptions<TOptions>>(
                services, new ResilienceOptionsValidator<TOptions>(configurationPathOf, configurationRules));
        }
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IEnumerable<string> errors = options.GetValidationErrors();
        if (configurationRules is not null)
        {
            errors = errors.Concat(configurationRules(options));
        }

        var path = configurationPathOf(name ?? Options.DefaultName);
        var failures = errors.Select(e => $"{path}:{e}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
