using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaking;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// The first configuration step of every named <see cref="CircuitBreakerOptions"/>: the adapters' templates (general:
/// they cover every breaker of a client), then the configuration section of that breaker name (specific). Code
/// (<c>AddCircuitBreaker(name, configure)</c>, <c>Configure&lt;CircuitBreakerOptions&gt;(name, ...)</c>) runs after it,
/// whatever the registration order, because this step is registered first.
/// </summary>
internal sealed class CircuitBreakerOptionsSetup(
    IEnumerable<ICircuitBreakerOptionsTemplate> templates,
    IEnumerable<CircuitBreakerSection> sections) : IConfigureNamedOptions<CircuitBreakerOptions>
{
    private readonly ICircuitBreakerOptionsTemplate[] _templates = [.. templates];
    private readonly CircuitBreakerSection[] _sections = [.. sections];

    public void Configure(string? name, CircuitBreakerOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        foreach (var template in _templates)
        {
            template.Configure(name, options);
        }

        foreach (var section in _sections)
        {
            var child = section.Section.GetSection(name);
            if (child.Exists())
            {
                // Source-generated binding: only the keys present change the options.
                child.Bind(options);
            }
        }
    }

    public void Configure(CircuitBreakerOptions options) => Configure(Options.DefaultName, options);

    /// <summary>Registers the step ahead of every other configuration of breaker options, once.</summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(static d => d.ImplementationType == typeof(CircuitBreakerOptionsSetup)))
        {
            return;
        }

        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<CircuitBreakerOptions>, CircuitBreakerOptionsSetup>());
    }
}
