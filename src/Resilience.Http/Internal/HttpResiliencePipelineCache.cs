using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Registry;

namespace Resilience.Http.Internal;

/// <summary>
/// Keeps each named client's pipelines for the application's lifetime: the factory recreates message handlers every few
/// minutes, but a circuit's state must outlive them. A reload of a client's options rebuilds its pipelines (handlers
/// already created see the new ones at their next request); the breakers stay in the registry with their state and
/// take the reloaded options. Thread-safe.
/// </summary>
internal sealed class HttpResiliencePipelineCache : IDisposable
{
    private readonly ConcurrentDictionary<string, ClientPipelines> _clients = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<HttpResilienceRegistration> _registrations;
    private readonly Lazy<CircuitBreakerRegistry> _registry;
    private readonly IDisposable?[] _subscriptions;
    private bool _ownsRegistry;

    public HttpResiliencePipelineCache(IServiceProvider services)
    {
        _services = services;
        _registrations = services.GetRequiredService<IOptionsMonitor<HttpResilienceRegistration>>();
        _subscriptions =
        [
            services.GetService<IOptionsMonitor<StandardHttpResilienceOptions>>()?.OnChange((_, name) => Rebuild(name)),
            services.GetService<IOptionsMonitor<ResilientHttpClientOptions>>()?.OnChange((_, name) => Rebuild(name)),
        ];

        // The application's registry when it has one (its bound, monitoring and health checks then cover HTTP breakers),
        // else one of our own with the default bound.
        _registry = new Lazy<CircuitBreakerRegistry>(() =>
        {
            if (services.GetService<CircuitBreakerRegistry>() is { } shared)
            {
                return shared;
            }

            _ownsRegistry = true;
            return new CircuitBreakerRegistry(
                timeProvider: services.GetService<TimeProvider>(),
                optionsFactory: services.GetRequiredService<HttpBreakerOptionsSetup>().Create);
        });
    }

    /// <summary>Gets the registry the standard preset takes its breakers from.</summary>
    public CircuitBreakerRegistry Registry => _registry.Value;

    public ResilientHttpClientOptions GetOptions(string clientName) => GetRegistration(clientName).GetOptions!(_services, clientName);

    public Func<HttpRequestMessage, ResiliencePipeline> GetSelector(string clientName) =>
        (_clients.TryGetValue(clientName, out var client) ? client : _clients.GetOrAdd(clientName, name => new ClientPipelines(CreateSelector(name)))).Select;

    /// <summary>Replaces the pipelines of a client whose options were reloaded, and gives its existing breakers their reloaded options.</summary>
    private void Rebuild(string? clientName)
    {
        if (clientName is null || !_clients.TryGetValue(clientName, out var client))
        {
            return;
        }

        client.Replace(CreateSelector(clientName));
        if (!_registry.IsValueCreated || _services.GetService<HttpStandardClients>() is not { } standard)
        {
            return;
        }

        // The application registry reloads the client's own breaker by name; per-authority breakers have no section of their own.
        var factory = _ownsRegistry ? null : _services.GetService<IOptionsFactory<CircuitBreaker.CircuitBreakerOptions>>();
        foreach (var breaker in Registry.GetAll())
        {
            if ((_ownsRegistry || breaker.Name != clientName) && standard.FindOwner(breaker.Name) == clientName)
            {
                breaker.UpdateOptions(factory is null
                    ? _services.GetRequiredService<HttpBreakerOptionsSetup>().Create(breaker.Name)
                    : factory.Create(breaker.Name));
            }
        }
    }

    private Func<HttpRequestMessage, ResiliencePipeline> CreateSelector(string clientName)
    {
        var configure = GetRegistration(clientName).ConfigurePipeline!;
        if (GetOptions(clientName).BreakerScope == HttpBreakerScope.Authority)
        {
            return new AuthorityPipelineSelector(clientName, configure, _services).Select;
        }

        // Lazy, so that resolving the handler does not build the pipeline twice under a race.
        var pipeline = new Lazy<ResiliencePipeline>(() => Build(configure, new HttpResiliencePipelineContext(clientName, null, _services), _services));
        return _ => pipeline.Value;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription?.Dispose();
        }

        if (_registry.IsValueCreated && _ownsRegistry)
        {
            _registry.Value.Dispose();
        }
    }

    private HttpResilienceRegistration GetRegistration(string clientName)
    {
        var registration = _registrations.Get(clientName);
        return registration.ConfigurePipeline is not null && registration.GetOptions is not null
            ? registration
            : throw new InvalidOperationException($"No resilience pipeline is registered for the HTTP client '{clientName}'.");
    }

    internal static ResiliencePipeline Build(
        Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext> configure,
        HttpResiliencePipelineContext context,
        IServiceProvider services)
    {
        var builder = new ResiliencePipelineBuilder
        {
            Name = context.BreakerName,
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        };
        configure(builder, context);
        return builder.Build();
    }

    /// <summary>The current pipeline selector of one client; a reload swaps it while handlers keep their reference to this object.</summary>
    private sealed class ClientPipelines(Func<HttpRequestMessage, ResiliencePipeline> selector)
    {
        private volatile Func<HttpRequestMessage, ResiliencePipeline> _selector = selector;

        public ResiliencePipeline Select(HttpRequestMessage request) => _selector(request);

        public void Replace(Func<HttpRequestMessage, ResiliencePipeline> selector) => _selector = selector;
    }
}
