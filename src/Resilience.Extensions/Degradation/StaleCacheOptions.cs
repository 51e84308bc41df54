using Resilience.Internal;

namespace Resilience.Degradation;

/// <summary>Options of a <see cref="StaleCacheFallback{TResult}"/>: what counts as a failure and how old a served value may be.</summary>
public class StaleCacheOptions : IValidatableOptions
{
    /// <summary>Gets or sets the age beyond which a cached value is no longer served; the failure propagates instead.</summary>
    /// <value>The default value is 5 minutes. Must be between 1 millisecond and 30 days.</value>
    public TimeSpan MaxStaleness { get; set; } = StaleCacheConstants.DefaultMaxStaleness;

    /// <summary>Gets or sets the predicate that decides whether an outcome is a failure to answer from the cache.</summary>
    /// <value>
    /// The default is <see langword="null"/>: every exception and rejection is handled, except a cancellation by the caller.
    /// A handled result is not cached.
    /// </value>
    public Func<OutcomeArguments, bool>? ShouldHandle { get; set; }

    /// <summary>Gets or sets the function that gives a call's cache key in a pipeline; <see langword="null"/> from it skips the cache.</summary>
    /// <value>The default is <see langword="null"/>: the key is the <see cref="StaleCacheProperties.CacheKey"/> property of the context.</value>
    public Func<ResilienceContext, string?>? CacheKeyGenerator { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        guard.Range(MaxStaleness, StaleCacheConstants.MinMaxStaleness, StaleCacheConstants.MaxMaxStaleness, nameof(MaxStaleness));
        return guard.Errors;
    }
}
