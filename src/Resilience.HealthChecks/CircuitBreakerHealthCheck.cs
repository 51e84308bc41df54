using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.CircuitBreaker;
using Resilience.HealthChecks.Internal;
using Resilience.Registry;

namespace Resilience.HealthChecks;

/// <summary>
/// Reports the health of the circuit breakers of a <see cref="CircuitBreakerRegistry"/>, by the guide's <c>/health</c> rule:
/// <see cref="HealthStatus.Healthy"/> when no circuit is open, <see cref="HealthStatus.Degraded"/> when fewer than half
/// are open, otherwise the registration's failure status (<see cref="HealthStatus.Unhealthy"/> by default).
/// </summary>
/// <remarks>An isolated circuit counts as open (it rejects every call); a half-open one does not. The result's data holds
/// the counts (<c>total</c>, <c>closed</c>, <c>open</c>, <c>half_open</c>, <c>isolated</c>) and the names of the open circuits.</remarks>
public sealed class CircuitBreakerHealthCheck : IHealthCheck
{
    private readonly CircuitBreakerRegistry _registry;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerHealthCheck"/> class.</summary>
    /// <param name="registry">The registry whose breakers are checked.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    public CircuitBreakerHealthCheck(CircuitBreakerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new CircuitCounts();
        var openNames = new List<string>();
        foreach (var breaker in _registry.GetAll())
        {
            var state = breaker.State;
            counts.Add(state);
            if (state is CircuitState.Open or CircuitState.Isolated)
            {
                openNames.Add(breaker.Name);
            }
        }

        openNames.Sort(StringComparer.Ordinal);
        var data = counts.ToData(openNames);
        var open = counts.Open + counts.Isolated;
        var result = open == 0
            ? HealthCheckResult.Healthy($"All {counts.Total} circuits are closed or half-open.", data)
            : open * 2 < counts.Total
                ? HealthCheckResult.Degraded($"{open} of {counts.Total} circuits are open: {string.Join(", ", openNames)}.", data: data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{open} of {counts.Total} circuits are open: {string.Join(", ", openNames)}.", data: data);
        return Task.FromResult(result);
    }
}
