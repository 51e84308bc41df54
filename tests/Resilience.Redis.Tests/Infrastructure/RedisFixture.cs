using StackExchange.Redis;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>One redis-server shared by a test class; each test uses its own key prefix so tests never see each other's keys.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private int _prefixes;

    public RedisServer Server { get; private set; } = null!;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public string NewPrefix() => "t" + Interlocked.Increment(ref _prefixes).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        Server = await RedisServer.StartAsync();
        Connection = await Server.ConnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}
