using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal.Validators;

namespace Resilience.DependencyInjection.Internal;

/// <summary>How the library registers its options types: reload-safe, and with the unknown keys of their sections checked.</summary>
internal static class ResilienceOptionsRegistration
{
    /// <summary>Makes <typeparamref name="TOptions"/> reload-safe: an invalid reload keeps the last valid options (see <see cref="ReloadSafeOptionsFactory{TOptions}"/>).</summary>
    public static void AddReloadSafe<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services)
        where TOptions : class
    {
        services.TryAddSingleton<LastValidOptions<TOptions>>();
        services.Replace(ServiceDescriptor.Transient<IOptionsFactory<TOptions>, ReloadSafeOptionsFactory<TOptions>>());
    }

    /// <summary>
    /// Fails validation of the named options (at start-up; on a reload, which then keeps the last valid options) while
    /// the section that <paramref name="sectionOf"/> returns for the name holds keys that bind to nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sectionOf">The section of an options name, or <see langword="null"/> when the name has none.</param>
    /// <param name="strictBind">Binds a section strictly into a new instance (see <see cref="ConfigurationKeyCheck.Strict"/>).</param>
    /// <param name="knownKeys">The settings of the type, for "did you mean".</param>
    public static void CheckKeys<TOptions>(IServiceCollection services, Func<string, IConfiguration?> sectionOf, Action<IConfiguration> strictBind, IReadOnlyCollection<string> knownKeys)
        where TOptions : class
    {
        var typeName = typeof(TOptions).Name;
        services.AddSingleton<IValidateOptions<TOptions>>(new ConfigurationKeyValidator<TOptions>(
            name => ConfigurationKeyCheck.Check(sectionOf(name), typeName, strictBind, knownKeys)));
    }

    /// <summary>Registers a reload of <paramref name="section"/> as a change of the options <paramref name="name"/>, once per pair.</summary>
    public static void AddChangeToken<TOptions>(IServiceCollection services, string name, IConfiguration section)
    {
        if (!services.Any(d => d.ImplementationInstance is NamedChangeToken<TOptions> t && t.Name == name && ReferenceEquals(t.Section, section)))
        {
            services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new NamedChangeToken<TOptions>(name, section));
        }
    }

    /// <summary>A configuration change token source that remembers its section, so one is registered per name and section.</summary>
    private sealed class NamedChangeToken<TOptions>(string name, IConfiguration section) : ConfigurationChangeTokenSource<TOptions>(name, section)
    {
        public IConfiguration Section { get; } = section;
    }
}
