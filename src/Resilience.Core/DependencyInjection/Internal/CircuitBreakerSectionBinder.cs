using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Resilience.CircuitBreaker;

namespace Resilience.DependencyInjection.Internal;

/// <summary>Binds the options of any breaker name from the child section of that name, when it exists (source-generated binding).</summary>
internal sealed class CircuitBreakerSectionBinder(IConfiguration section) : IConfigureNamedOptions<CircuitBreakerOptions>
{
    public void Configure(string? name, CircuitBreakerOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var child = section.GetSection(name);
        if (child.Exists())
        {
            child.Bind(options);
        }
    }

    public void Configure(CircuitBreakerOptions options) => Configure(Options.DefaultName, options);
}
