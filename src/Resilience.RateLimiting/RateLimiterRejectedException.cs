namespace Resilience.RateLimiting;

/// <summary>Thrown (or returned as an outcome) when a rate limiter refused a call a permit.</summary>
/// <remarks><see cref="ExecutionRejectedException.RetryAfter"/> holds the limiter's retry-after metadata when it gave one
/// (token bucket and window limiters do; a concurrency limiter does not).</remarks>
public sealed class RateLimiterRejectedException : ExecutionRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="RateLimiterRejectedException"/> class.</summary>
    public RateLimiterRejectedException()
        : base("The rate limiter rejected the call.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimiterRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    public RateLimiterRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimiterRejectedException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RateLimiterRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimiterRejectedException"/> class for a named stage.</summary>
    /// <param name="limiterName">The rate-limiter stage's name.</param>
    /// <param name="retryAfter">The limiter's retry-after hint, if it gave one.</param>
    public RateLimiterRejectedException(string limiterName, TimeSpan? retryAfter)
        : base(retryAfter is { } after
            ? $"The rate limiter '{limiterName}' rejected the call; retry after {after}."
            : $"The rate limiter '{limiterName}' rejected the call.")
    {
        LimiterName = limiterName;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the name of the rate-limiter stage that rejected the call.</summary>
    public string? LimiterName { get; }
}
