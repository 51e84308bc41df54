using Resilience.Internal;
using System.ComponentModel;
using Resilience.Telemetry;

namespace Resilience.Retry;

/// <summary>Options of the retry stage (<see cref="RetryStrategy"/>).</summary>
/// <remarks>
/// <para>The stage copies the options when it is created, so changing them afterwards does not change a running stage.</para>
/// <para>Delay before retry <c>n + 1</c> (after failed attempt <c>n</c>, 0-based): <c>d = BaseDelay × ExponentialBase^n</c>,
/// randomised by <see cref="Jitter"/> and then capped at <see cref="MaxDelay"/>; a server hint (Retry-After) replaces it,
/// capped at <see cref="MaxRetryAfter"/>.</para>
/// </remarks>
public sealed class RetryOptions : IValidatableOptions
{
    /// <summary>Gets or sets the name of the stage in telemetry (the <c>retry.name</c> tag), so a dashboard shows which dependency is retrying.</summary>
    /// <value>The default value is <see langword="null"/>: the name of the pipeline the stage is added to
    /// (<see cref="ResiliencePipelineBuilder.Name"/>: the client or service name in a profile or an HTTP client), or <c>default</c>
    /// when the pipeline has none.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the maximum number of attempts, counting the first call.</summary>
    /// <value>The default value is 3. Must be between 1 and 100; 1 turns retries off.</value>
    public int MaxAttempts { get; set; } = RetryConstants.DefaultMaxAttempts;

    /// <summary>Gets or sets the delay before the first retry, before jitter.</summary>
    /// <value>The default value is 1 second. Must be between 0 and 1 day.</value>
    public TimeSpan BaseDelay { get; set; } = RetryConstants.DefaultBaseDelay;

    /// <summary>Gets or sets the longest delay between two attempts; it caps the delay after jitter.</summary>
    /// <value>The default value is 30 seconds. Must be between 0 and 1 day and not less than <see cref="BaseDelay"/>.</value>
    public TimeSpan MaxDelay { get; set; } = RetryConstants.DefaultMaxDelay;

    /// <summary>Gets or sets the factor by which the delay grows with each attempt.</summary>
    /// <value>The default value is 2.0. Must be between 1.0 (a constant delay) and 100.</value>
    public double ExponentialBase { get; set; } = RetryConstants.DefaultExponentialBase;

    /// <summary>Gets or sets how the delay is randomised.</summary>
    /// <value>The default value is <see cref="JitterMode.Proportional"/> (<c>delay × uniform[0.5, 1.5)</c>).</value>
    public JitterMode Jitter { get; set; } = JitterMode.Proportional;

    /// <summary>Gets or sets a custom delay schedule. It receives the failed outcome (its context carries
    /// <see cref="ResilienceContext.AttemptNumber"/>) and returns the delay, or <see langword="null"/> to use the computed backoff.</summary>
    /// <value>The default value is <see langword="null"/>. A returned delay is still capped at <see cref="MaxDelay"/>;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits <see cref="MaxDelay"/> and a negative delay none.</value>
    public Func<OutcomeArguments, TimeSpan?>? DelayGenerator { get; set; }

    /// <summary>Gets or sets a function that reads a server hint (such as an HTTP <c>Retry-After</c> header) from a failed
    /// outcome's exception or result. When it returns a value, that value replaces the computed delay.</summary>
    /// <value>The default value is <see langword="null"/> (no hints are read). A hint is capped at <see cref="MaxRetryAfter"/>;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits <see cref="MaxRetryAfter"/> and a negative hint (a time already past) none.</value>
    public Func<OutcomeArguments, TimeSpan?>? RetryAfterExtractor { get; set; }

    /// <summary>Gets or sets the longest server hint that is honoured; a longer hint is shortened to this value.</summary>
    /// <value>The default value is 60 seconds. Must be between 0 and 1 day.</value>
    public TimeSpan MaxRetryAfter { get; set; } = RetryConstants.DefaultMaxRetryAfter;

    /// <summary>Gets or sets the predicate that decides whether a failed outcome is retried.</summary>
    /// <value>The default value is <see langword="null"/>: exceptions for which <see cref="RetryPredicates.IsTransient(Exception?)"/>
    /// is <see langword="true"/> are retried and results never are. Set a predicate to retry results too (for example an HTTP 503).</value>
    /// <remarks>Whatever the predicate says, the caller's own cancellation is never retried, and a rejection
    /// (<see cref="ExecutionRejectedException"/>, such as an open circuit) is retried only when its
    /// <see cref="ExecutionRejectedException.RetryAfter"/> is known and no longer than the next delay.</remarks>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets a callback invoked before each retry delay.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<OnRetryArguments, ValueTask>? OnRetry { get; set; }

    /// <summary>Gets or sets a retry budget shared by every call to one service. When it is spent, a call fails with its
    /// own error instead of retrying.</summary>
    /// <value>The default value is <see langword="null"/> (no budget).</value>
    public RetryBudget? Budget { get; set; }

    /// <summary>Gets or sets the listener that receives the stage's events (each retry, a retry refused by the budget); the
    /// dependency-injection integration sets one that logs them (category <c>Resilience.Retry</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no events).</value>
    public ResilienceTelemetryListener? TelemetryListener { get; set; }

    /// <summary>Gets or sets the source of uniform random numbers in [0, 1) used for jitter. For tests.</summary>
    /// <value>The default value is <see langword="null"/>, which uses <see cref="Random.Shared"/>.</value>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Func<double>? Randomizer { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MaxAttempts, 1, RetryConstants.MaxAttemptsLimit, nameof(MaxAttempts));
        guard.Range(BaseDelay, TimeSpan.Zero, RetryConstants.LongestDelay, nameof(BaseDelay));
        guard.Range(MaxDelay, TimeSpan.Zero, RetryConstants.LongestDelay, nameof(MaxDelay));
        guard.Check(MaxDelay >= BaseDelay, nameof(MaxDelay), $"must not be less than BaseDelay ({OptionsGuard.Format(BaseDelay)})", MaxDelay);
        guard.Range(ExponentialBase, 1.0, RetryConstants.MaxExponentialBase, nameof(ExponentialBase));
        guard.Defined(Jitter, nameof(Jitter));
        guard.Range(MaxRetryAfter, TimeSpan.Zero, RetryConstants.LongestDelay, nameof(MaxRetryAfter));
        return guard.Errors;
    }
}
