namespace Resilience.Redis;

/// <summary>What an instance knows about a shared circuit.</summary>
public enum SharedCircuitStatus
{
    /// <summary>Not synchronised with Redis yet: the local breaker decides alone.</summary>
    Pending = 0,

    /// <summary>The shared circuit is closed: the local breaker decides alone and reports its health.</summary>
    Closed = 1,

    /// <summary>The fleet opened the circuit: the local breaker is held open until the shared break ends.</summary>
    Open = 2,

    /// <summary>The shared break is over: the fleet sends only the allowed number of probes, under leases.</summary>
    HalfOpen = 3,

    /// <summary>Redis is slow or unreachable: the local breaker decides alone until Redis is back.</summary>
    LocalOnly = 4,
}
