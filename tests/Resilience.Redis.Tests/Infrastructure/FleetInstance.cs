using Resilience.CircuitBreaking;
using StackExchange.Redis;

namespace Resilience.Redis.Tests.Infrastructure;

/// <summary>One service instance: its own Redis connection, its own breaker, its own sharing loop.</summary>
internal sealed class FleetInstance : IAsyncDisposable
{
    private FleetInstance(ConnectionMultiplexer connection, CircuitBreaking.CircuitBreaker breaker, RedisCircuitSharing sharing, SharedCircuit circuit)
    {
        Connection = connection;
        Breaker = breaker;
        Sharing = sharing;
        Circuit = circuit;
    }

    public ConnectionMultiplexer Connection { get; }

    public CircuitBreaking.CircuitBreaker Breaker { get; }

    public RedisCircuitSharing Sharing { get; }

    public SharedCircuit Circuit { get; }

    /// <summary>Gets a value indicating whether the breaker is held open by the shared decision (seen through public API only).</summary>
    public bool IsHeld => Breaker.State == CircuitState.Open && Circuit.Status is SharedCircuitStatus.Open or SharedCircuitStatus.HalfOpen;

    public static async Task<FleetInstance> StartAsync(RedisServer server, string prefix, string id, CircuitBreakerOptions options, TimeProvider time)
    {
        var connection = await server.ConnectAsync();
        var breaker = new CircuitBreaking.CircuitBreaker("payments", options, time);
        var sharing = new RedisCircuitSharing(
            connection,
            new RedisCircuitSharingOptions
            {
                KeyPrefix = prefix,
                InstanceId = id,

                // The test drives rounds itself (TickAsync); virtual time jumps stay below the timer period so the
                // timer never adds a round at a random point, and below the Redis timeout so no round trip times out.
                ReportInterval = TimeSpan.FromMinutes(1),
                ReportTimeToLive = TimeSpan.FromMinutes(2),
                RedisTimeout = TimeSpan.FromSeconds(30),
            },
            time);
        return new FleetInstance(connection, breaker, sharing, sharing.Attach(breaker));
    }

    /// <summary>Runs one call through the breaker. Only the downstream's failure or the breaker's rejection may come out.</summary>
    public async Task<CallResult> CallAsync(FakeDownstream downstream)
    {
        try
        {
            await Breaker.ExecuteAsync(static (d, _) => d.CallAsync(), downstream);
            return CallResult.Ok;
        }
        catch (CircuitOpenException)
        {
            return CallResult.Rejected;
        }
        catch (DownstreamException)
        {
            return CallResult.Failed;
        }
    }

    public async Task<List<CallResult>> CallManyAsync(FakeDownstream downstream, int count)
    {
        var results = new List<CallResult>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(await CallAsync(downstream));
        }

        return results;
    }

    /// <summary>Waits for a condition the background loop brings about, with a bounded number of awaited Redis round trips (no sleeps).</summary>
    public async Task<bool> EventuallyAsync(Func<bool> condition, int maxRoundTrips = 2000)
    {
        for (var i = 0; i < maxRoundTrips && !condition(); i++)
        {
            try
            {
                await Connection.GetDatabase().PingAsync();
            }
            catch (RedisException)
            {
                await Task.Yield();
            }
        }

        return condition();
    }

    /// <summary>Completes when the connection is back after a Redis restart (an event, not polling).</summary>
    public Task ReconnectedAsync() => Connections.RestoredAsync(Connection);

    public async ValueTask DisposeAsync()
    {
        await Sharing.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
