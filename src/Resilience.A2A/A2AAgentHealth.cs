namespace Resilience.A2A;

/// <summary>The health of an agent as the health checker sees it.</summary>
public enum A2AAgentHealth
{
    /// <summary>The agent card was fetched through the breaker within the health-check timeout.</summary>
    Healthy,

    /// <summary>The card fetch failed (connection, timeout, HTTP or protocol error).</summary>
    Unhealthy,

    /// <summary>The agent's circuit is open: the probe was refused without calling the agent.</summary>
    CircuitOpen,
}
