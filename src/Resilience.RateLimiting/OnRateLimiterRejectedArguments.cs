using System.Threading.RateLimiting;

namespace Resilience.RateLimiting;

/// <summary>What the <see cref="RateLimiterStrategyOptions.OnRejected"/> callback sees of a rejected call.</summary>
public readonly struct OnRateLimiterRejectedArguments
{
    /// <summary>Initializes a new instance of the <see cref="OnRateLimiterRejectedArguments"/> struct.</summary>
    /// <param name="context">The call's context.</param>
    /// <param name="lease">The failed lease, with the limiter's metadata (such as <see cref="MetadataName.RetryAfter"/>).</param>
    public OnRateLimiterRejectedArguments(ResilienceContext context, RateLimitLease lease)
    {
        Context = context;
        Lease = lease;
    }

    /// <summary>Gets the call's context.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets the failed lease; it is disposed after the callback returns.</summary>
    public RateLimitLease Lease { get; }
}
