using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.HealthChecks;

#pragma warning disable IDE0130 // Extension methods live where users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the circuit breaker health check to a health checks builder.</summary>
public static class ResilienceHealthChecksBuilderExtensions
{
    /// <summary>The default registration name of the check.</summary>
    public const string DefaultName = "circuit-breakers";

    /// <summary>
    /// Adds a <see cref="CircuitBreakerHealthCheck"/> over the registry of <c>AddResilience()</c>: healthy when no circuit is
    /// open, degraded when fewer than half are open, <paramref name="failureStatus"/> otherwise.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="failureStatus">The status when half or more circuits are open, or <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddCircuitBreakers(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        builder.Services.AddResilience();
        return builder.AddCheck<CircuitBreakerHealthCheck>(name, failureStatus, tags ?? []);
    }
}
