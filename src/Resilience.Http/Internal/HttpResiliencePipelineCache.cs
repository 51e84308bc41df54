using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Registry;

namespace Resilience.Http.Internal;

/// <summary>
/// Keeps each named client's pipelines for the application's lifetime: the factory recreates message handlers every few
/// minutes, but a circuit's state must outlive them. A reload of a client's options rebuilds its pipelines (handlers
/// already created see the new ones at their next request); the breakers stay in the registry with their state and
/// take the reloaded options. A per-authority client keeps its store (and so every authority's verdict) across reloads:
/// its own breakers take the reloaded breaker options, new authorities the whole reloaded options. Thread-safe.
/// </summary>
internal sealed class HttpResiliencePipelineCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ClientPipelines>> _clients = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<HttpResilienceRegistration> _registrations;
    private readonly Lazy<CircuitBreakerRegistry> _registry;
    private readonly IDisposable?[] _subscriptions;
    private bool _ownsRegistry;

    public HttpResiliencePipelineCache(IServiceProvider services)
    {
        _services = services;
        _registrations = services.GetRequiredService<IOptionsMonitor<HttpResilienceRegistration>>();
        // One subscription per options type a client can be built from; each rebuilds only the clients built from its type,
        // so one reload rebuilds a client once (a change to one section fires every monitor whose type it binds).
        _subscriptions =
        [
            Subscribe<StandardHttpResilienceOptions>(services),
            Subscribe<StandardHttpHedgingOptions>(services),
            Subscribe<ResilientHttpClientOptions>(services),
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

    /// <summary>Creates a handler for the client, on the client's current pipelines (one, or its per-authority store).</summary>
    public ResilientHttpHandler CreateHandler(string clientName)
    {
        // Lazy, so a race creates one store (and one sweep timer) per client.
        var client = _clients.GetOrAdd(clientName, static (name, cache) => new Lazy<ClientPipelines>(() => new ClientPipelines(cache.CreateSource(name, null))), this).Value;
        return new ResilientHttpHandler(client, GetOptions(clientName));
    }

    /// <summary>Gets the per-authority store of a client, or <see langword="null"/> (for tests and diagnostics).</summary>
    internal AuthorityPipelineStore? GetAuthorityStore(string clientName) =>
        _clients.TryGetValue(clientName, out var client) && client.IsValueCreated ? client.Value.Current.Authorities : null;

    private IDisposable? Subscribe<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceProvider services)
        where TOptions : ResilientHttpClientOptions =>
        services.GetService<IOptionsMonitor<TOptions>>()?.OnChange((_, name) => Rebuild(name, typeof(TOptions)));

    /// <summary>Replaces the pipelines of a client whose options (of <paramref name="optionsType"/>) were reloaded, and gives its
    /// existing breakers their reloaded options.</summary>
    private void Rebuild(string? clientName, Type optionsType)
    {
        if (clientName is null
            || !_clients.TryGetValue(clientName, out var lazy)
            || !lazy.IsValueCreated
            || GetRegistration(clientName).OptionsType != optionsType)
        {
            return;
        }

        var client = lazy.Value;
        var previous = client.Current;
        var current = CreateSource(clientName, previous.Authorities);
        client.Replace(current);
        if (previous.Authorities is { } store)
        {
            if (current.Authorities is null)
            {
                // The client left the Authority scope: its store goes (requests in flight finish on their entries).
                store.Dispose();
            }
            else
            {
                // The store is kept (its authorities, their names and open verdicts); each held authority's pipeline is
                // rebuilt with the reloaded options around the breaker it has. Its own limits are not reloaded: it says so.
                store.RebuildPipelines();
                store.ReportLimitsNotReloaded(GetOptions(clientName));
            }
        }

        if (!_registry.IsValueCreated || _services.GetService<HttpStandardClients>() is not { } standard)
        {
            return;
        }

        // The application registry reloads the client's own breaker by name; per-authority breakers have no section of their own.
        var factory = _ownsRegistry ? null : _services.GetService<IOptionsFactory<CircuitBreaking.CircuitBreakerOptions>>();
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

    /// <summary>The client's pipelines: a per-authority store (the one it has, kept across reloads), or one pipeline.</summary>
    private ClientPipelines.Source CreateSource(string clientName, AuthorityPipelineStore? store)
    {
        var configure = GetRegistration(clientName).ConfigurePipeline!;
        var options = GetOptions(clientName);
        if (options.BreakerScope == HttpBreakerScope.Authority)
        {
            store ??= new AuthorityPipelineStore(
                clientName,
                options,
                context => Build(GetRegistration(clientName).ConfigurePipeline!, context, _services),
                _services,
                _services.GetService<TimeProvider>() ?? TimeProvider.System,
                _services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
            return new ClientPipelines.Source(null, store);
        }

        // Lazy, so that resolving the handler does not build the pipeline twice under a race.
        var pipeline = new Lazy<ResiliencePipeline>(() => Build(configure, new HttpResiliencePipelineContext(clientName, null, _services), _services));
        return new ClientPipelines.Source(_ => pipeline.Value, null);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription?.Dispose();
        }

        foreach (var (_, client) in _clients)
        {
            if (client.IsValueCreated)
            {
                client.Value.Current.Authorities?.Dispose();
            }
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
}
