using Resilience.Http.Internal;
using Resilience.Internal;

namespace Resilience.Http;

/// <summary>Connection-pool settings for the primary <see cref="SocketsHttpHandler"/> of a client.</summary>
/// <remarks>
/// The defaults keep long-lived clients healthy: connections are recycled so DNS changes are seen, idle ones are
/// closed, connections per server are capped, and connecting gets a third of the request's time, at most 10 seconds.
/// </remarks>
public class HttpConnectionPoolOptions : IValidatableOptions
{
    /// <summary>Gets or sets how long a pooled connection is used before it is replaced, so DNS changes are seen.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan PooledConnectionLifetime { get; set; } = HttpResilienceConstants.DefaultPooledConnectionLifetime;

    /// <summary>Gets or sets how long a connection may stay idle in the pool before it is closed.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = HttpResilienceConstants.DefaultPooledConnectionIdleTimeout;

    /// <summary>Gets or sets the most connections open to one server (scheme, host and port); further requests wait for one.</summary>
    /// <value>The default value is 100.</value>
    public int MaxConnectionsPerServer { get; set; } = HttpResilienceConstants.DefaultMaxConnectionsPerServer;

    /// <summary>
    /// Gets or sets the timeout of the requests this client makes; the connect timeout is derived from it as
    /// min(<see cref="RequestTimeout"/> / 3, 10 s) unless <see cref="ConnectTimeout"/> is set.
    /// </summary>
    /// <value>The default value is 30 seconds (the <c>standard_request</c> timeout), giving a 10-second connect timeout.</value>
    public TimeSpan RequestTimeout { get; set; } = HttpResilienceConstants.DefaultRequestTimeout;

    /// <summary>Gets or sets an explicit connect timeout, overriding the one derived from <see cref="RequestTimeout"/>.</summary>
    /// <value>The default value is <see langword="null"/>: min(<see cref="RequestTimeout"/> / 3, 10 s).</value>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        PositiveOrInfinite(ref guard, PooledConnectionLifetime, nameof(PooledConnectionLifetime));
        PositiveOrInfinite(ref guard, PooledConnectionIdleTimeout, nameof(PooledConnectionIdleTimeout));
        PositiveOrInfinite(ref guard, RequestTimeout, nameof(RequestTimeout));
        if (ConnectTimeout is { } connect)
        {
            PositiveOrInfinite(ref guard, connect, nameof(ConnectTimeout));
        }

        guard.AtLeast(MaxConnectionsPerServer, 1, nameof(MaxConnectionsPerServer));
        return guard.Errors;
    }

    private static void PositiveOrInfinite(ref OptionsGuard guard, TimeSpan value, string option) =>
        guard.Check(value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan, option, "must be positive or infinite", value);
}
