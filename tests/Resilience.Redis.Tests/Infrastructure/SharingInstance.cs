using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Redis.Internal;
using StackExchange.Redis;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>One service instance with a scripted local breaker: its own Redis connection, sharing loop and log collector.</summary>
internal sealed class SharingInstance : IAsyncDisposable
{
    private bool _disposed;

    private SharingInstance(ConnectionMultiplexer connection, RedisCircuitSharing sharing, FakeLocalCircuit local, SharedCircuit circuit, FakeLogCollector logs)
    {
        Connection = connection;
        Sharing = sharing;
        Local = local;
        Circuit = circuit;
        Logs = logs;
    }

    public ConnectionMultiplexer Connection { get; }

    public RedisCircuitSharing Sharing { get; }

    public FakeLocalCircuit Local { get; }

    public SharedCircuit Circuit { get; }

    public FakeLogCollector Logs { get; }

    public static async Task<SharingInstance> StartAsync(RedisServer server, RedisCircuitSharingOptions options, SharedCircuitPolicy policy, TimeProvider time, string name = "orders")
    {
        var connection = await server.ConnectAsync();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var sharing = new RedisCircuitSharing(connection, options, time, loggerFactory);
        var local = new FakeLocalCircuit(name, policy);
        return new SharingInstance(connection, sharing, local, sharing.Attach(local), logs);
    }

    public int LogCount(LogLevel level) => Logs.GetSnapshot().Count(r => r.Level == level);

    public Task Reconnected() => Connections.RestoredAsync(Connection);

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await Sharing.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    /// <summary>Dies without a word: the connection goes first, so nothing is withdrawn.</summary>
    public async Task CrashAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await Connection.DisposeAsync();
            await Sharing.DisposeAsync();
        }
    }
}
