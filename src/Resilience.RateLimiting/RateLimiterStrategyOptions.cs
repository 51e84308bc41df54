using System.Threading.RateLimiting;

namespace Resilience.RateLimiting;

/// <summary>Options of a <see cref="RateLimiterStrategy"/>: which limiter admits the calls and what to do on a rejection.</summary>
/// <remarks>Set exactly one of <see cref="Limiter"/> and <see cref="PartitionedLimiter"/>. The stage does not own the limiter:
/// whoever created it disposes it.</remarks>
public class RateLimiterStrategyOptions
{
    /// <summary>Gets or sets the name of the stage in telemetry (the <c>rate_limiter.name</c> tag) and rejection messages.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string Name { get; set; } = RateLimitingConstants.DefaultName;

    /// <summary>Gets or sets the limiter every call acquires one permit from: a <see cref="TokenBucketRateLimiter"/>,
    /// <see cref="FixedWindowRateLimiter"/>, <see cref="SlidingWindowRateLimiter"/>, <see cref="ConcurrencyLimiter"/>,
    /// a <see cref="BulkheadRateLimiter"/> or any other <see cref="RateLimiter"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public RateLimiter? Limiter { get; set; }

    /// <summary>Gets or sets a limiter partitioned by call (for example by a property of the <see cref="ResilienceContext"/>),
    /// built with <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public PartitionedRateLimiter<ResilienceContext>? PartitionedLimiter { get; set; }

    /// <summary>Gets or sets a callback invoked when a call is rejected, before the rejection is returned.</summary>
    /// <value>The default value is <see langword="null"/>. An exception it throws is logged, and the
    /// call is still rejected.</value>
    public Func<OnRateLimiterRejectedArguments, ValueTask>? OnRejected { get; set; }

    /// <summary>Gets or sets the listener that receives the stage's events (a failing <see cref="OnRejected"/> callback, also counted in <c>resilience.rate_limiter.callback.errors</c>).</summary>
    /// <value>The default value is <see langword="null"/> (no events). With Resilience.Extensions,
    /// <c>ILoggerFactory.CreateResilienceTelemetryListener()</c> logs them under the category <c>Resilience.RateLimiting</c>.</value>
    public Resilience.Telemetry.ResilienceTelemetryListener? TelemetryListener { get; set; }
}
