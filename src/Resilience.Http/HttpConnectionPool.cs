using Resilience.Http.Internal;
using Resilience.Internal;

namespace Resilience.Http;

/// <summary>Creates and configures the primary <see cref="SocketsHttpHandler"/> with <see cref="HttpConnectionPoolOptions"/>.</summary>
public static class HttpConnectionPool
{
    /// <summary>Creates a <see cref="SocketsHttpHandler"/> with the pool settings.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <returns>A new handler.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid value.</exception>
    public static SocketsHttpHandler CreateHandler(HttpConnectionPoolOptions? options = null)
    {
        var handler = new SocketsHttpHandler();
        Configure(handler, options ?? new HttpConnectionPoolOptions());
        return handler;
    }

    /// <summary>Applies the pool settings to a handler that has not sent a request yet.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid value.</exception>
    public static void Configure(SocketsHttpHandler handler, HttpConnectionPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        handler.PooledConnectionLifetime = options.PooledConnectionLifetime;
        handler.PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout;
        handler.MaxConnectionsPerServer = options.MaxConnectionsPerServer;
        handler.ConnectTimeout = options.ConnectTimeout ?? GetConnectTimeout(options.RequestTimeout);
    }

    /// <summary>The connect timeout for a request timeout: a third of it, at most 10 seconds.</summary>
    /// <param name="requestTimeout">The request timeout; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> gives 10 seconds.</param>
    /// <returns>min(<paramref name="requestTimeout"/> / 3, 10 s).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requestTimeout"/> is zero or negative (other than infinite).</exception>
    public static TimeSpan GetConnectTimeout(TimeSpan requestTimeout)
    {
        if (requestTimeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return HttpResilienceConstants.MaxConnectTimeout;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        var third = requestTimeout / 3;
        return third < HttpResilienceConstants.MaxConnectTimeout ? third : HttpResilienceConstants.MaxConnectTimeout;
    }
}
