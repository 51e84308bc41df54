using System.Collections.Concurrent;

namespace Resilience.Http.Internal;

/// <summary>One pipeline (and so one circuit breaker) per authority a client calls. Thread-safe.</summary>
internal sealed class AuthorityPipelineSelector
{
    private readonly ConcurrentDictionary<(string Scheme, string Host, int Port), Lazy<ResiliencePipeline>> _pipelines = new();
    private readonly string _clientName;
    private readonly Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext> _configure;
    private readonly IServiceProvider _services;

    public AuthorityPipelineSelector(string clientName, Action<ResiliencePipelineBuilder, HttpResiliencePipelineContext> configure, IServiceProvider services)
    {
        _clientName = clientName;
        _configure = configure;
        _services = services;
    }

    public ResiliencePipeline Select(HttpRequestMessage request)
    {
        var uri = request.RequestUri
            ?? throw new InvalidOperationException("A request sent through a per-authority resilience handler must have an absolute RequestUri.");

        // Uri lower-cases scheme and host, so the ordinal tuple key matches authorities as HTTP does.
        var key = (uri.Scheme, uri.IdnHost, uri.Port);
        if (_pipelines.TryGetValue(key, out var pipeline) && pipeline.IsValueCreated)
        {
            return pipeline.Value;
        }

        return CreateSlow(key);
    }

    private ResiliencePipeline CreateSlow((string Scheme, string Host, int Port) key)
    {
        var lazy = _pipelines.GetOrAdd(key, Create);
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A pipeline that could not be built (the registry is full) is not kept, so unbounded host names cannot
            // grow this map either; the next request to that authority tries again.
            _pipelines.TryRemove(new KeyValuePair<(string, string, int), Lazy<ResiliencePipeline>>(key, lazy));
            throw;
        }
    }

    private Lazy<ResiliencePipeline> Create((string Scheme, string Host, int Port) key)
    {
        // GetOrAdd may call this twice under a race, but only the Lazy that wins is ever evaluated, so each authority's
        // pipeline (and its breaker) is built exactly once.
        var context = new HttpResiliencePipelineContext(_clientName, $"{key.Scheme}://{key.Host}:{key.Port}", _services);
        return new Lazy<ResiliencePipeline>(() => HttpResiliencePipelineCache.Build(_configure, context, _services));
    }
}
