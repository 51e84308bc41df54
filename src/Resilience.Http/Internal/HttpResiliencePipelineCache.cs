using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Registry;

namespace Resilience.Http.Internal;

/// <summary>
/// Keeps each named client's pipelines for the application's lifetime: the factory recreates message handlers every few
/// minutes, but a circuit's state must outlive them. Thread-safe.
/// </summary>
internal sealed class HttpResiliencePipelineCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, ResiliencePipeline>> _selectors = new(StringComparer.Ordinal);
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

    public Func<HttpRequestMessage, ResiliencePipeline> GetSelector(string clientName) =>
        _selectors.TryGetValue(clientName, out var selector) ? selector : _selectors.GetOrAdd(clientName, CreateSelector);

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
