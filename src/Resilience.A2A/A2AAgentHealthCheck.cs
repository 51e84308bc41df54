using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.A2A;

/// <summary>
/// An <see cref="IHealthCheck"/> for one A2A agent: Healthy when its card comes back through the breaker within the
/// <c>health_check</c> timeout, Degraded while its circuit is open (the library is shielding the caller), and the
/// registration's failure status otherwise.
/// </summary>
public sealed class A2AAgentHealthCheck : IHealthCheck
{
    private readonly string _agentName;
    private readonly A2AClient _client;

    /// <summary>Initializes a new instance of the <see cref="A2AAgentHealthCheck"/> class.</summary>
    /// <param name="agentName">The agent's name, reported in the result's data.</param>
    /// <param name="client">The agent's client.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public A2AAgentHealthCheck(string agentName, A2AClient client)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        ArgumentNullException.ThrowIfNull(client);
        _agentName = agentName;
        _client = client;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var health = await _client.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["agent"] = _agentName, ["health"] = health.ToString() };
        return health switch
        {
            A2AAgentHealth.Healthy => HealthCheckResult.Healthy($"A2A agent '{_agentName}' answered.", data),
            A2AAgentHealth.CircuitOpen => HealthCheckResult.Degraded($"The circuit of A2A agent '{_agentName}' is open.", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"A2A agent '{_agentName}' did not answer its health probe.", data: data),
        };
    }
}
