using Resilience.Redis.Internal;

namespace Resilience.Redis;

/// <summary>A local breaker attached to the shared layer. Dispose it to detach the breaker.</summary>
public sealed class SharedCircuit : IDisposable
{
    private readonly RedisCircuitSharing _owner;
    private readonly SharedCircuitAgent _agent;

    internal SharedCircuit(RedisCircuitSharing owner, SharedCircuitAgent agent)
    {
        _owner = owner;
        _agent = agent;
    }

    /// <summary>Gets the breaker's name, which is also its shared key.</summary>
    public string Name => _agent.Name;

    /// <summary>Gets what this instance last learned about the shared circuit.</summary>
    public SharedCircuitStatus Status => _agent.Status;

    /// <summary>
    /// Gets a value indicating whether this instance's options for the breaker differ from the fleet's (the options most
    /// instances report). Such an instance still votes by its own thresholds, but its evidence is left out of the fleet's
    /// summed evidence and its options never set the fleet's thresholds or break; <see cref="RedisCircuitSharingHealthCheck"/>
    /// reports Degraded.
    /// </summary>
    public bool HasMismatchedOptions => _agent.HasMismatchedOptions;

    /// <summary>Detaches the breaker: it decides alone from now on, keeping its own verdict, and its report is withdrawn at the next round.</summary>
    public void Dispose() => _owner.Detach(_agent);
}
