using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal;
using Resilience.Registry;

namespace Resilience.Http.Internal;

/// <summary>
/// Fails start-up (and rejects a reload) while a child of <c>Resilience:Http</c> is read by no client: a misspelled
/// client name there would otherwise leave its settings unused. Hooked on the registry's options, which are validated
/// once at start-up whatever clients exist.
/// </summary>
internal sealed class HttpSectionNamesValidator(IConfiguration? configuration, HttpStandardClients clients) : IValidateOptions<CircuitBreakerRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, CircuitBreakerRegistryOptions options)
    {
        var http = configuration?.GetSection(HttpResilienceConstants.ConfigurationSection);
        if (http is null || !http.Exists())
        {
            return ValidateOptionsResult.Success;
        }

        var configured = clients.ConfiguredNames;
        var problems = new List<string>();
        foreach (var child in http.GetChildren())
        {
            if (clients.IsRead(child.Path))
            {
                continue;
            }

            var readers = configured.Count == 0 ? "none" : string.Join(", ", configured.Order(StringComparer.Ordinal).Select(static c => $"'{c}'"));
            var unconfigured = clients.Names.FirstOrDefault(c => string.Equals(c, child.Key, StringComparison.OrdinalIgnoreCase));
            var hint = unconfigured is not null
                ? $" The client '{unconfigured}' is registered without configuration: pass it with AddStandardResilience(configuration.GetSection(\"{child.Path}\"))."
                : ConfigurationHints.For(child.Key, configured);
            problems.Add($"{child.Path}: no HTTP client reads this section (clients that read one under {HttpResilienceConstants.ConfigurationSection}: {readers}).{hint}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
