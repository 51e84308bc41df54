namespace Resilience.Http;

/// <summary>Which requests of a client share a circuit breaker.</summary>
public enum HttpBreakerScope
{
    /// <summary>One breaker for the named client: every host it calls trips together.</summary>
    Client = 0,

    /// <summary>
    /// One breaker per authority (scheme, host and port) the client calls, named <c>{client}/{scheme}://{host}:{port}</c>,
    /// so a failing host does not open the circuit for the others. The registry's bound on breakers caps how many
    /// host names can create one.
    /// </summary>
    Authority = 1,
}
