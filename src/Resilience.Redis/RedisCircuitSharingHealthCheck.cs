using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.Redis;

/// <summary>
/// Reports whether an instance shares its breakers' state through Redis: <see cref="HealthStatus.Healthy"/> when it
/// does, <see cref="HealthStatus.Degraded"/> while it has fallen back to its local breakers because Redis is slow or down,
/// while one of its shared breakers has options other than the fleet's, or while another live process reports under its
/// instance id.
/// </summary>
/// <remarks>Never unhealthy: without Redis every breaker still protects its instance locally. The result's data holds
/// <c>instance</c>, <c>shared_state_available</c>, <c>breakers</c> (the number of shared breakers),
/// <c>mismatched_options</c> (names of the breakers whose options differ from the fleet's) and
/// <c>duplicate_instance_id</c>.</remarks>
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
        var agents = _sharing.Agents;
        string[] mismatched = [.. agents.Where(a => a.HasMismatchedOptions).Select(a => a.Name).Order(StringComparer.Ordinal)];
        var duplicate = agents.Any(a => a.HasDuplicateIdentity);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["instance"] = _sharing.InstanceId,
            ["shared_state_available"] = available,
            ["breakers"] = _sharing.Count,
            ["mismatched_options"] = mismatched,
            ["duplicate_instance_id"] = duplicate,
        };
        HealthCheckResult result;
        if (!available)
        {
            result = HealthCheckResult.Degraded("Redis is slow or unreachable: breakers decide locally until it is back.", data: data);
        }
        else if (mismatched.Length > 0)
        {
            result = HealthCheckResult.Degraded(
                $"Options differ from the fleet's for {string.Join(", ", mismatched)}: this instance's evidence is left out of the fleet's sum. Give every instance the same breaker options.",
                data: data);
        }
        else if (duplicate)
        {
            result = HealthCheckResult.Degraded("Another live process reports under this instance id: the two count as one voter. Give each process its own InstanceId.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy("Breaker state is shared through Redis.", data);
        }

        return Task.FromResult(result);
    }
}
