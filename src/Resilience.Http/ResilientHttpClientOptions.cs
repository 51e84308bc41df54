namespace Resilience.Http;

/// <summary>
/// The options of a named client's resilience handler, read per client name from
/// <c>IOptionsMonitor&lt;ResilientHttpClientOptions&gt;.Get(clientName)</c>: configure them in code
/// (<c>services.Configure&lt;ResilientHttpClientOptions&gt;("users", o =&gt; ...)</c>) or bind them from configuration.
/// </summary>
public class ResilientHttpClientOptions : ResilientHttpHandlerOptions
{
    /// <summary>Gets or sets which requests of the client share a circuit breaker (and so a pipeline).</summary>
    /// <value>The default value is <see cref="HttpBreakerScope.Client"/>.</value>
    public HttpBreakerScope BreakerScope { get; set; } = HttpBreakerScope.Client;
}
