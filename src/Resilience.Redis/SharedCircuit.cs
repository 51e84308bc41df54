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

    /// <summary>Detaches the breaker: it decides alone from now on and stops reporting (its report expires).</summary>
    public void Dispose() => _owner.Detach(_agent);
}
