using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.Redis.Internal;
using Resilience.Redis.Tests.Infrastructure;

namespace Resilience.Redis.Tests;

public sealed class RedisCircuitSharingHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_SharedThenRedisDown_HealthyThenDegraded()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var sharing = new RedisCircuitSharing(
            connection,
            new RedisCircuitSharingOptions { KeyPrefix = "health-" + Guid.NewGuid().ToString("N")[..8], InstanceId = "h1", RedisTimeout = TimeSpan.FromSeconds(30) },
            new FakeTimeProvider());
        sharing.Attach(new FakeLocalCircuit("orders", new SharedCircuitPolicy(0.5, 10, TimeSpan.FromSeconds(10), 1, 1)));
        var check = new RedisCircuitSharingHealthCheck(sharing);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("redis-sharing", check, HealthStatus.Unhealthy, null) };
        await sharing.TickAsync();

        var healthy = await check.CheckHealthAsync(context);
        await server.StopAsync();
        await sharing.TickAsync();
        var degraded = await check.CheckHealthAsync(context);

        healthy.Status.Should().Be(HealthStatus.Healthy);
        healthy.Data.Should().Contain("instance", "h1").And.Contain("shared_state_available", true).And.Contain("breakers", 1);
        degraded.Status.Should().Be(HealthStatus.Degraded, "without Redis every breaker still protects the instance locally");
        degraded.Data.Should().Contain("shared_state_available", false);
    }
}
