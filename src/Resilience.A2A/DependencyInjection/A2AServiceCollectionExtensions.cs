using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.A2A;
using Resilience.A2A.Internal;
using Resilience.CircuitBreaking;
using Resilience.DependencyInjection;
using Resilience.Registry;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers named, resilient A2A agent clients.</summary>
public static class A2AServiceCollectionExtensions
{
    /// <summary>
    /// Registers the agent <paramref name="name"/> at <paramref name="baseAddress"/>: a keyed singleton
    /// <see cref="A2AClient"/> (resolve it with <c>GetRequiredKeyedService&lt;A2AClient&gt;(name)</c>) whose calls run
    /// through the A2A retry rules, the registry's circuit breaker named <paramref name="name"/> (counting only transient
    /// failures unless its options set <see cref="CircuitBreakerOptions.ShouldHandle"/>), and timeouts by operation type;
    /// and the agent in the <see cref="A2AAgentHealthChecker"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The agent's name: the key of its client, its breaker and its options.</param>
    /// <param name="baseAddress">The agent's base URL.</param>
    /// <param name="configure">Configures the agent's options, or <see langword="null"/>.</param>
    /// <returns>The builder of the agent's named <see cref="HttpClient"/> (automatic redirects off, no HttpClient timeout:
    /// the pipeline's timeouts apply), to add handlers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="baseAddress"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static IHttpClientBuilder AddA2AAgent(this IServiceCollection services, string name, Uri baseAddress, Action<A2AAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(baseAddress);

        services.AddResilience();
        var options = services.AddOptions<A2AAgentOptions>(name).Configure(o => o.BaseAddress = baseAddress);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        options.ValidateResilienceOptions(static agent => $"A2A:{agent}");

        // The agent's breaker counts transient failures only: a -32001 or a 404 says nothing about the agent being down.
        services.PostConfigure<CircuitBreakerOptions>(name, static o => o.ShouldHandle ??= A2AResiliencePredicates.IsTransient);

        var http = services.AddHttpClient(A2AConstants.HttpClientNamePrefix + name)
            .ConfigureHttpClient(static c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // .NET strips only Authorization on a redirect, not an API-key header: never follow one.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = A2AConstants.PooledConnectionLifetime,
            });

        // Idempotent: registering the same agent twice configures it twice but creates one client.
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(A2AClient) && Equals(d.ServiceKey, name)))
        {
            return http;
        }

        services.AddSingleton(new A2AAgentRegistration(name));
        services.TryAddSingleton(static sp => new A2AAgentHealthChecker(
            sp.GetServices<A2AAgentRegistration>().Select(r => KeyValuePair.Create(r.Name, sp.GetRequiredKeyedService<A2AClient>(r.Name)))));
        services.AddKeyedSingleton(name, static (sp, key) =>
        {
            var agent = (string)key!;
            return new A2AAgentPipeline(
                agent,
                sp.GetRequiredService<IOptionsMonitor<A2AAgentOptions>>().Get(agent),
                sp.GetRequiredService<CircuitBreakerRegistry>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddKeyedSingleton(name, static (sp, key) =>
        {
            var agent = (string)key!;
            return new A2AClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(A2AConstants.HttpClientNamePrefix + agent),
                sp.GetRequiredService<IOptionsMonitor<A2AAgentOptions>>().Get(agent),
                sp.GetRequiredKeyedService<A2AAgentPipeline>(agent).Pipeline,
                sp.GetRequiredService<TimeProvider>());
        });
        return http;
    }
}
