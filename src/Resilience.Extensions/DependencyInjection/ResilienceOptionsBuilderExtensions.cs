using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal.Validators;

namespace Resilience.DependencyInjection;

/// <summary>Validation of the library's options types (<see cref="IValidatableOptions"/>) at start-up.</summary>
public static class ResilienceOptionsBuilderExtensions
{
    /// <summary>
    /// Validates every instance of <typeparamref name="TOptions"/> with its own <see cref="IValidatableOptions.GetValidationErrors"/>
    /// (the rules the component that takes the options throws from), each message prefixed with the configuration path
    /// (<c>Resilience:Http:inventory:MaxAuthorities must be between 1 and 100000; it was 0.</c>), and validates this
    /// builder's instance when the host starts.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="configurationPathOf">The configuration path of the options of a name, where they are (or would be) bound
    /// from, for example <c>name =&gt; $"Resilience:Http:{name}"</c>; the unnamed options have the name <c>""</c>. The first
    /// registration of a type sets it.</param>
    /// <param name="configurationRules">Further rules for options set up through configuration and dependency injection
    /// only, in the same message shape (for example <see cref="CircuitBreaking.CircuitBreakerOptions.GetIneffectiveSettings"/>
    /// of a nested breaker: a setting that would do nothing), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>An invalid configuration reload does not throw: the library's options keep their last valid values, and the
    /// rejection is logged and counted (see observability.md).</remarks>
    public static OptionsBuilder<TOptions> ValidateResilienceOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(this OptionsBuilder<TOptions> builder,
        Func<string, string> configurationPathOf,
        Func<TOptions, IEnumerable<string>>? configurationRules = null)
        where TOptions : class, IValidatableOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configurationPathOf);
        ResilienceOptionsValidator<TOptions>.Register(builder.Services, configurationPathOf, configurationRules);
        return builder.ValidateOnStart();
    }
}
