using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Registry;

namespace Resilience.Http.Internal;

/// <summary>
/// Keeps each named client's pipelines for the application's lifetime: the factory recreates message handlers every few
/// minutes, but a circuit's state must outlive them. Thread-safe.
/// </summary>
internal sealed class HttpResiliencePipelineCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ClientPipelines>> _clients = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<HttpResilienceRegistration> _registrations;
    private readonly Lazy<CircuitBreakerRegistry> _registry;
    private bool _ownsRegistry;

    public HttpResiliencePipelineCache(IServiceProvider services)
    {
        _services = services;
        _registrations = services.GetRequiredService<IOptionsMonitor<HttpResilienceRegistration>>();

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

    /// <summary>Creates a handler for the client, on the client's one pipeline or its per-authority store.</summary>
    public ResilientHttpHandler CreateHandler(string clientName)
    {
        var pipelines = _clients.GetOrAdd(clientName, static (name, cache) => new Lazy<ClientPipelines>(() => cache.CreatePipelines(name)), this).Value;
        var options = GetOptions(clientName);
        return pipelines.Authorities is { } store
            ? new ResilientHttpHandler(store, options)
            : new ResilientHttpHandler(pipelines.Selector!, options);
    }

    private ClientPipelines CreatePipelines(string clientName)
    {
        var configure = GetRegistration(clientName).ConfigurePipeline!;
        var options = GetOptions(clientName);
        if (options.BreakerScope == HttpBreakerScope.Authority)
        {
            var timeProvider = _services.GetService<TimeProvider>() ?? TimeProvider.System;
            var loggerFactory = _services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return new ClientPipelines(null, new AuthorityPipelineStore(clientName, options, context => Build(configure, context, _services), _services, timeProvider, loggerFactory));
        }

        // Lazy, so that resolving the handler does not build the pipeline twice under a race.
        var pipeline = new Lazy<ResiliencePipeline>(() => Build(configure, new HttpResiliencePipelineContext(clientName, null, _services), _services));
        return new ClientPipelines(_ => pipeline.Value, null);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Authorities?.Dispose();
            }
        }

        if (_registry.IsValueCreated && _ownsRegistry)
        {
            _registry.Value.Dispose();
        }
    }

    /// <summary>Gets the per-authority store of a client, or <see langword="null"/> (for tests and diagnostics).</summary>
    internal AuthorityPipelineStore? GetAuthorityStore(string clientName) =>
        _clients.TryGetValue(clientName, out var client) && client.IsValueCreated ? client.Value.Authorities : null;

    private HttpResilienceRegistration GetRegistration(string clientName)
    {
        var registration = _registrations.Get(clientName);
        return registration.ConfigurePipeline is not null && registration.GetOptions is not null
            ? registration
            : throw new InvalidOperationException($"No resilience pipeline is registered for the HTTP client '{clientName}'.");
    }

    /// <summary>A client's pipelines: one for every request, or a per-authority store.</summary>
    private sealed record ClientPipelines(Func<HttpRequestMessage, ResiliencePipeline>? Selector, AuthorityPipelineStore? Authorities);

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
}
