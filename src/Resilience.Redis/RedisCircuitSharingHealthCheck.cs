using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.Redis;

/// <summary>
/// Reports whether an instance shares its breakers' state through Redis: <see cref="HealthStatus.Healthy"/> when it
/// does, <see cref="HealthStatus.Degraded"/> while it has fallen back to its local breakers because Redis is slow or down.
/// </summary>
/// <remarks>Never unhealthy: without Redis every breaker still protects its instance locally. The result's data holds
/// <c>instance</c>, <c>shared_state_available</c> and <c>breakers</c> (the number of shared breakers).</remarks>
public sealed class RedisCircuitSharingHealthCheck : IHealthCheck
{
    private readonly RedisCircuitSharing _sharing;

    /// <summary>Initializes a new instance of the <see cref="RedisCircuitSharingHealthCheck"/> class.</summary>
    /// <param name="sharing">The instance's shared layer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sharing"/> is <see langword="null"/>.</exception>
    public RedisCircuitSharingHealthCheck(RedisCircuitSharing sharing)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        _sharing = sharing;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var available = _sharing.IsSharedStateAvailable;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["instance"] = _sharing.InstanceId,
            ["shared_state_available"] = available,
            ["breakers"] = _sharing.Count,
        };
        return Task.FromResult(available
            ? HealthCheckResult.Healthy("Breaker state is shared through Redis.", data)
            : HealthCheckResult.Degraded("Redis is slow or unreachable: breakers decide locally until it is back.", data: data));
    }
}
