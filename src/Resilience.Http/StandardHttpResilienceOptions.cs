using Resilience.AdaptiveConcurrency;
using Resilience.CircuitBreaking;
using Resilience.Http.Internal;
using Resilience.Internal;
using Resilience.Retry;
using Resilience.Throttling;
using Resilience.Timeout;

namespace Resilience.Http;

/// <summary>
/// The options of the standard preset added by <c>AddStandardResilience</c>: total timeout, then retry, then (opt-in)
/// client-side throttling and an adaptive concurrency limit, then circuit breaker, then attempt timeout, with HTTP rules
/// in each stage.
/// </summary>
/// <remarks>
/// <para>The defaults: a 100-second total timeout (the <see cref="HttpClient.Timeout"/> default it replaces); 3 attempts
/// with exponential, proportionally jittered backoff from 1 s up to 30 s, for failures of retryable requests only
/// (<see cref="HttpResiliencePredicates.ShouldRetry"/>), honouring <c>Retry-After</c> on 429 and 503 up to
/// <see cref="RetryOptions.MaxRetryAfter"/>; a breaker that opens after 5 consecutive failures
/// (<see cref="HttpResiliencePredicates.IsTransientFailure(OutcomeArguments)"/>) for 60 s and admits 3 probes; and an
/// attempt timeout by operation type (<c>standard_request</c> 30 s, <c>health_check</c> 10 s, <c>long_operation</c>
/// 120 s, <c>batch_operation</c> 300 s).</para>
/// <para>Bind from configuration with <c>AddStandardResilience(section)</c>; delegates (predicates, callbacks) can only be set in code.</para>
/// </remarks>
public class StandardHttpResilienceOptions : ResilientHttpClientOptions
{
    /// <summary>Initializes a new instance of the <see cref="StandardHttpResilienceOptions"/> class with the HTTP defaults.</summary>
    public StandardHttpResilienceOptions()
    {
        Retry = new RetryOptions { ShouldHandle = HttpResiliencePredicates.ShouldRetry };
        CircuitBreaker = new CircuitBreakerOptions { ShouldHandle = HttpResiliencePredicates.IsTransientFailure };
    }

    /// <summary>Gets or sets the timeout of the whole request, all attempts and delays included.</summary>
    /// <value>The default value is 100 seconds; <see langword="null"/> or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// removes the stage. Otherwise must be between 1 millisecond and 1 day (checked at start-up).</value>
    public TimeSpan? TotalTimeout { get; set; } = HttpResilienceConstants.DefaultTotalTimeout;

    /// <summary>Gets or sets the retry options.</summary>
    /// <value>The retry defaults with <see cref="RetryOptions.ShouldHandle"/> set to <see cref="HttpResiliencePredicates.ShouldRetry"/>.
    /// When <see cref="RetryOptions.RetryAfterExtractor"/> is left <see langword="null"/>, the preset reads <c>Retry-After</c>
    /// with <see cref="HttpRetryAfter"/> on the client's <see cref="TimeProvider"/>.</value>
    public RetryOptions Retry { get; set; }

    /// <summary>Gets or sets the circuit breaker options.</summary>
    /// <value>The breaker defaults with <see cref="CircuitBreakerOptions.ShouldHandle"/> set to the HTTP classification.</value>
    public CircuitBreakerOptions CircuitBreaker { get; set; }

    /// <summary>Gets or sets the options of the per-attempt timeout, by operation type.</summary>
    /// <value>The default operation types (<c>standard_request</c> 30 s, <c>health_check</c> 10 s, <c>long_operation</c> 120 s, <c>batch_operation</c> 300 s); a request picks one with <see cref="HttpResilienceRequestOptions.OperationType"/>.</value>
    public TimeoutOptions AttemptTimeout { get; set; } = new();

    /// <summary>Gets or sets client-side adaptive throttling (the SRE book's "Handling Overload"), between the retry and
    /// the breaker; <see langword="null"/> leaves it out.</summary>
    /// <value>The default value is <see langword="null"/>. Set it (in code, or any key of the <c>ClientThrottling</c>
    /// section) to send an overloaded backend about <see cref="ClientThrottlingOptions.Multiplier"/> times what it accepts
    /// and reject the rest locally with <see cref="ClientThrottledException"/>. Without a predicate of yours, a transient
    /// failure (<see cref="HttpResiliencePredicates.IsTransientFailure(OutcomeArguments)"/>) is a request the backend did not
    /// accept. One throttle per pipeline (per authority with <see cref="HttpBreakerScope.Authority"/>), named like its breaker;
    /// a reload of the options starts a new one.</value>
    public ClientThrottlingOptions? ClientThrottling { get; set; }

    /// <summary>Gets or sets the adaptive concurrency limit, between the throttle (or the retry) and the breaker;
    /// <see langword="null"/> leaves it out.</summary>
    /// <value>The default value is <see langword="null"/>. Set it (in code, or any key of the <c>AdaptiveConcurrency</c>
    /// section) to limit the requests in flight to what the measured latency allows, rejecting the rest at once with
    /// <see cref="AdaptiveConcurrencyRejectedException"/>. Without a predicate of yours, a timeout, a rejection by the
    /// breaker and a 429 or 503 answer are drops. One limit per pipeline (per authority with
    /// <see cref="HttpBreakerScope.Authority"/>), named like its breaker; a reload of the options starts a new one.</value>
    public AdaptiveConcurrencyOptions? AdaptiveConcurrency { get; set; }

    internal override void AddValidationErrors(ref OptionsGuard guard)
    {
        base.AddValidationErrors(ref guard);

        AddTotalTimeoutErrors(ref guard, TotalTimeout);

        guard.NotNull(Retry, nameof(Retry));
        guard.NotNull(CircuitBreaker, nameof(CircuitBreaker));
        guard.NotNull(AttemptTimeout, nameof(AttemptTimeout));
        guard.Nested(nameof(Retry), Retry);
        guard.Nested(nameof(CircuitBreaker), CircuitBreaker);
        guard.Nested(nameof(AttemptTimeout), AttemptTimeout);
        HttpOverloadStages.AddValidationErrors(ref guard, ClientThrottling, AdaptiveConcurrency);
    }

    /// <summary>Checks a preset's total timeout (this one's and the hedging preset's).</summary>
    internal static void AddTotalTimeoutErrors(ref OptionsGuard guard, TimeSpan? totalTimeout)
    {
        // Checked with the options, not when the first request builds the pipeline: a value the timeout stage refuses
        // would pass start-up and then fail every request.
        if (totalTimeout is { } total && total != System.Threading.Timeout.InfiniteTimeSpan)
        {
            guard.Check(
                total >= HttpResilienceConstants.MinTotalTimeout && total <= HttpResilienceConstants.MaxTotalTimeout,
                nameof(TotalTimeout),
                $"must be between {OptionsGuard.Format(HttpResilienceConstants.MinTotalTimeout)} and {OptionsGuard.Format(HttpResilienceConstants.MaxTotalTimeout)} (or Timeout.InfiniteTimeSpan for none) when set",
                total);
        }
    }
}
