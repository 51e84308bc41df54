using Resilience.Http.Internal;
using Resilience.Internal;

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

    /// <summary>
    /// Gets or sets, with <see cref="HttpBreakerScope.Authority"/>, the most authorities (and so pipelines and breakers)
    /// the client holds at once, and the most authorities that keep their own name in telemetry over the client's lifetime.
    /// </summary>
    /// <value>The default value is 100; it must be between 1 and 100,000.</value>
    /// <remarks>
    /// <para>When the client holds this many authorities and none can be evicted (see <see cref="AuthorityIdleTimeout"/>),
    /// a request to a new authority is refused with <see cref="HttpAuthorityLimitExceededException"/> (or a synthetic 503
    /// with <see cref="ResilientHttpHandlerOptions.ReturnServiceUnavailableOnRejection"/>) and is not sent. Requests to
    /// the authorities the client holds, other clients and the application's named breakers are not affected.</para>
    /// <para>The first this many distinct authorities are named <c>{client}/{scheme}://{host}:{port}</c>; later ones are
    /// named <c>{client}/_other</c>, so metric tags stay bounded even when idle authorities are replaced by new ones.</para>
    /// </remarks>
    public int MaxAuthorities { get; set; } = HttpResilienceConstants.DefaultMaxAuthorities;

    /// <summary>
    /// Gets or sets, with <see cref="HttpBreakerScope.Authority"/>, how long an authority's pipeline must go without a
    /// request before it may be evicted. Only pipelines whose circuit breakers are all closed are evicted, so an open or
    /// half-open circuit keeps its verdict however long it is idle.
    /// </summary>
    /// <value>The default value is 5 minutes; it must be between 1 second and 1 day.</value>
    /// <remarks>Idle pipelines are swept four times per idle timeout, on the client's <see cref="TimeProvider"/>: a
    /// pipeline goes between one and one and a quarter idle timeouts after its last request ended. An evicted closed
    /// breaker's counts go with it; the authority's next request builds a new pipeline.</remarks>
    public TimeSpan AuthorityIdleTimeout { get; set; } = HttpResilienceConstants.DefaultAuthorityIdleTimeout;

    internal override void AddValidationErrors(ref OptionsGuard guard)
    {
        guard.Defined(BreakerScope, nameof(BreakerScope));
        guard.Range(MaxAuthorities, 1, HttpResilienceConstants.MaxAuthoritiesLimit, nameof(MaxAuthorities));
        guard.Range(AuthorityIdleTimeout, HttpResilienceConstants.MinAuthorityIdleTimeout, HttpResilienceConstants.MaxAuthorityIdleTimeout, nameof(AuthorityIdleTimeout));
    }
}
