using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.A2A;
using Resilience.A2A.Internal;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds health checks for A2A agents registered with <c>AddA2AAgent</c>.</summary>
public static class A2AHealthChecksBuilderExtensions
{
    /// <summary>Adds an <see cref="A2AAgentHealthCheck"/> named <c>a2a:{agentName}</c> for a registered agent.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="agentName">The name the agent was registered under.</param>
    /// <param name="failureStatus">The status reported when the probe fails, or <see langword="null"/> for Unhealthy.</param>
    /// <param name="tags">Tags of the check, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="agentName"/> is null or empty.</exception>
    public static IHealthChecksBuilder AddA2AAgent(
        this IHealthChecksBuilder builder, string agentName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        return builder.Add(new HealthCheckRegistration(
            A2AConstants.NamePrefix + agentName,
            sp => new A2AAgentHealthCheck(agentName, sp.GetRequiredKeyedService<A2AClient>(agentName)),
            failureStatus,
            tags));
    }
}
