using System.Collections.Concurrent;

namespace Resilience.A2A;

/// <summary>
/// Checks agents by probing them: each probe fetches the agent card through the
/// agent's circuit breaker with the short <c>health_check</c> timeout, and reports Healthy, Unhealthy or CircuitOpen.
/// </summary>
/// <remarks>Thread-safe. <see cref="LastResults"/> keeps the latest result per agent.</remarks>
public sealed class A2AAgentHealthChecker
{
    private readonly Dictionary<string, A2AClient> _agents;
    private readonly ConcurrentDictionary<string, A2AAgentHealth> _last = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="A2AAgentHealthChecker"/> class.</summary>
    /// <param name="agents">The agents to check, by name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="agents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two agents have the same name.</exception>
    public A2AAgentHealthChecker(IEnumerable<KeyValuePair<string, A2AClient>> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = new Dictionary<string, A2AClient>(agents, StringComparer.Ordinal);
    }

    /// <summary>Gets the names of the agents this checker knows.</summary>
    public IReadOnlyCollection<string> AgentNames => _agents.Keys;

    /// <summary>Gets the latest result per agent.</summary>
    public IReadOnlyDictionary<string, A2AAgentHealth> LastResults => _last;

    /// <summary>Probes one agent.</summary>
    /// <param name="agentName">The agent's name.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The agent's health.</returns>
    /// <exception cref="ArgumentException">No agent has that name.</exception>
    public async Task<A2AAgentHealth> CheckAsync(string agentName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        if (!_agents.TryGetValue(agentName, out var client))
        {
            throw new ArgumentException($"No A2A agent is named '{agentName}'.", nameof(agentName));
        }

        var health = await client.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        _last[agentName] = health;
        return health;
    }

    /// <summary>Probes every agent concurrently.</summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The health of each agent, by name.</returns>
    public async Task<IReadOnlyDictionary<string, A2AAgentHealth>> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        var names = _agents.Keys.ToArray();
        var results = await Task.WhenAll(names.Select(n => CheckAsync(n, cancellationToken))).ConfigureAwait(false);
        return names.Zip(results).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
