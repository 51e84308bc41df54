namespace Resilience.Degradation;

/// <summary>The answer of a <see cref="StaleCacheFallback{TResult}"/>: a fresh result, or a cached one with its age.</summary>
/// <typeparam name="TResult">The type of the result.</typeparam>
public readonly struct StaleCacheResult<TResult>
{
    internal StaleCacheResult(TResult value, TimeSpan? age, Exception? freshFailure)
    {
        Value = value;
        Age = age ?? TimeSpan.Zero;
        IsStale = age.HasValue;
        FreshFailure = freshFailure;
    }

    /// <summary>Gets the result.</summary>
    public TResult Value { get; }

    /// <summary>Gets a value indicating whether <see cref="Value"/> came from the cache because the fresh call failed.</summary>
    public bool IsStale { get; }

    /// <summary>Gets how old the served cached value is; <see cref="TimeSpan.Zero"/> for a fresh result.</summary>
    public TimeSpan Age { get; }

    /// <summary>Gets the fresh call's failure when a stale value was served, for logging.</summary>
    public Exception? FreshFailure { get; }
}
