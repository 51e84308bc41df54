using Resilience.AdaptiveConcurrency;
using Resilience.CircuitBreaking;
using Resilience.Hedging;
using Resilience.Http.Internal;
using Resilience.Internal;
using Resilience.Throttling;
using Resilience.Timeout;

namespace Resilience.Http;

/// <summary>
/// The options of the standard hedging preset added by <c>AddStandardHedging</c>: total timeout, then hedging, then a
/// circuit breaker per endpoint (authority), then attempt timeout, with HTTP rules in each stage.
/// </summary>
/// <remarks>
/// <para>The defaults: a 30-second total timeout; one hedged attempt after 2 seconds without an answer, or at once when
/// the running attempt fails (<see cref="HttpResiliencePredicates.ShouldHedge(OutcomeArguments)"/>: 5xx, 408, 429,
/// network errors, attempt timeouts, and a rejection by the breaker or an overload stage); per authority a breaker that opens after 5 consecutive failures for 60 s; and an
/// attempt timeout by operation type (<c>standard_request</c> 30 s, ...), as in the standard preset.</para>
/// <para>Each hedged attempt sends its own copy of the request (method, URI, version, headers, options, and the same
/// buffered content), so attempts never share a message. Only a request that may be sent twice is hedged: an
/// idempotent method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) with replayable content; POST and PATCH only with
/// <see cref="ResilientHttpHandlerOptions.AllowNonIdempotentRetries"/>. Other requests run as one attempt.</para>
/// <para>The losing attempts are cancelled and awaited before the response is returned, and their responses disposed.</para>
/// </remarks>
public class StandardHttpHedgingOptions : ResilientHttpClientOptions
{
    /// <summary>Initializes a new instance of the <see cref="StandardHttpHedgingOptions"/> class with the HTTP defaults.</summary>
    public StandardHttpHedgingOptions()
    {
        BreakerScope = HttpBreakerScope.Authority;
        Hedging = new HedgingOptions<HttpResponseMessage> { ShouldHandle = HttpResiliencePredicates.ShouldHedge };
        CircuitBreaker = new CircuitBreakerOptions { ShouldHandle = HttpResiliencePredicates.IsTransientFailure };
    }

    /// <summary>Gets or sets the timeout of the whole request, every hedged attempt included.</summary>
    /// <value>The default value is 30 seconds; <see langword="null"/> or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// removes the stage. Otherwise must be between 1 millisecond and 1 day (checked at start-up).</value>
    public TimeSpan? TotalTimeout { get; set; } = HttpResilienceConstants.DefaultHedgingTotalTimeout;

    /// <summary>Gets or sets the hedging options.</summary>
    /// <value>The hedging defaults (one hedged attempt after 2 seconds) with <see cref="HedgingOptions{TResult}.ShouldHandle"/>
    /// set to <see cref="HttpResiliencePredicates.ShouldHedge(OutcomeArguments)"/>. An <see cref="HedgingOptions{TResult}.ActionGenerator"/> set here is replaced:
    /// the preset's own sends the attempt's copy of the request.</value>
    public HedgingOptions<HttpResponseMessage> Hedging { get; set; }

    /// <summary>Gets or sets the options of each authority's circuit breaker.</summary>
    /// <value>The breaker defaults with <see cref="CircuitBreakerOptions.ShouldHandle"/> set to the HTTP classification.</value>
    public CircuitBreakerOptions CircuitBreaker { get; set; }

    /// <summary>Gets or sets the options of the per-attempt timeout, by operation type.</summary>
    /// <value>The default operation types, as in the standard preset.</value>
    public TimeoutOptions AttemptTimeout { get; set; } = new();

    /// <summary>Gets or sets client-side adaptive throttling, between the hedging and each authority's breaker (every
    /// hedged attempt is a request); <see langword="null"/> leaves it out.</summary>
    /// <value>The default value is <see langword="null"/>; as <see cref="StandardHttpResilienceOptions.ClientThrottling"/>, one throttle per authority.</value>
    public ClientThrottlingOptions? ClientThrottling { get; set; }

    /// <summary>Gets or sets the adaptive concurrency limit, between the throttle (or the hedging) and each authority's
    /// breaker; <see langword="null"/> leaves it out.</summary>
    /// <value>The default value is <see langword="null"/>; as <see cref="StandardHttpResilienceOptions.AdaptiveConcurrency"/>, one limit per authority.</value>
    public AdaptiveConcurrencyOptions? AdaptiveConcurrency { get; set; }

    internal override void AddValidationErrors(ref OptionsGuard guard)
    {
        base.AddValidationErrors(ref guard);
        StandardHttpResilienceOptions.AddTotalTimeoutErrors(ref guard, TotalTimeout);
        guard.Check(BreakerScope == HttpBreakerScope.Authority, nameof(BreakerScope), "must be Authority for the hedging preset (its breaker is per endpoint)", BreakerScope);
        guard.NotNull(Hedging, nameof(Hedging));
        guard.NotNull(CircuitBreaker, nameof(CircuitBreaker));
        guard.NotNull(AttemptTimeout, nameof(AttemptTimeout));
        guard.Nested(nameof(CircuitBreaker), CircuitBreaker);
        guard.Nested(nameof(AttemptTimeout), AttemptTimeout);
        guard.Nested(nameof(Hedging), Hedging);
        HttpOverloadStages.AddValidationErrors(ref guard, ClientThrottling, AdaptiveConcurrency);
    }
}
