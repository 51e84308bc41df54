namespace Resilience.Http;

/// <summary>Which requests of a client share a circuit breaker.</summary>
public enum HttpBreakerScope
{
    /// <summary>One breaker for the named client: every host it calls trips together.</summary>
    Client = 0,

    /// <summary>
    /// One breaker per authority (scheme, host and port) the client calls, named <c>{client}/{scheme}://{host}:{port}</c>,
    /// so a failing host does not open the circuit for the others. The pipelines live in a store of the client's own,
    /// not in the application's registry: <see cref="ResilientHttpClientOptions.MaxAuthorities"/> bounds it, and idle
    /// authorities whose circuits are closed are evicted after <see cref="ResilientHttpClientOptions.AuthorityIdleTimeout"/>.
    /// </summary>
    Authority = 1,
}
