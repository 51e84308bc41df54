using Resilience.Redis.Internal;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>
/// Tests of several in-process instances with scripted local breakers on one real redis-server: each test gets its own
/// server, key prefix and virtual clock, and every instance and the server are stopped after it.
/// </summary>
public abstract class SharingFleetTestBase : IAsyncLifetime
{
    /// <summary>The default thresholds of the scripted breakers.</summary>
    internal static readonly SharedCircuitPolicy Policy = new(0.5, 10, TimeSpan.FromSeconds(10), 2, 1);

    /// <summary>Virtual time jumps must not time out real round trips in flight, so the Redis timeout is longer than any jump.</summary>
    protected static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(30);

    internal FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-27T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    internal List<SharingInstance> Fleet { get; } = [];

    internal RedisServer Server { get; private set; } = null!;

    internal string Prefix { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await RedisServer.StartAsync();
        Prefix = "fleet-" + Guid.NewGuid().ToString("N")[..8];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Fleet)
        {
            await instance.DisposeAsync();
        }

        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts one more instance (its own connection and loop) with a breaker named <c>orders</c>.</summary>
    internal async Task<SharingInstance> StartAsync(string? id, SharedCircuitPolicy? policy = null)
    {
        var options = new RedisCircuitSharingOptions { KeyPrefix = Prefix, InstanceId = id, RedisTimeout = RedisTimeout };
        var instance = await SharingInstance.StartAsync(Server, options, policy ?? Policy, Time);
        Fleet.Add(instance);
        return instance;
    }
}
