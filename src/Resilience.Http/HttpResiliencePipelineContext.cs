namespace Resilience.Http;

/// <summary>What a pipeline being built for a named client knows about where it will be used.</summary>
public sealed class HttpResiliencePipelineContext
{
    internal HttpResiliencePipelineContext(string clientName, string? authority, IServiceProvider services)
    {
        ClientName = clientName;
        Authority = authority;
        BreakerName = authority is null ? clientName : clientName + "/" + authority;
        Services = services;
    }

    /// <summary>Gets the name of the <see cref="HttpClient"/>.</summary>
    public string ClientName { get; }

    /// <summary>Gets the authority (<c>scheme://host:port</c>) this pipeline serves, or <see langword="null"/> when it serves the whole client.</summary>
    public string? Authority { get; }

    /// <summary>Gets the name to give the circuit breaker of this pipeline: the client name, or <c>{client}/{authority}</c>.</summary>
    public string BreakerName { get; }

    /// <summary>Gets the application's services.</summary>
    public IServiceProvider Services { get; }
}
