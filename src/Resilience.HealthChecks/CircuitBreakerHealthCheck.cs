using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.CircuitBreaking;
using Resilience.HealthChecks.Internal;
using Resilience.Internal;
using Resilience.Registry;

namespace Resilience.HealthChecks;

/// <summary>
/// Reports the health of the circuit breakers of a <see cref="CircuitBreakerRegistry"/>: <see cref="HealthStatus.Healthy"/>
/// when no circuit is open, <see cref="HealthStatus.Degraded"/> when some are, and the registration's failure status
/// (<see cref="HealthStatus.Unhealthy"/> by default) only when a critical circuit is open or the share of open circuits
/// reaches the configured ratio (<see cref="CircuitBreakerHealthCheckOptions"/>).
/// </summary>
/// <remarks>An isolated circuit counts as open (it rejects every call); a half-open one does not. The result's data holds
/// the counts (<c>total</c>, <c>closed</c>, <c>open</c>, <c>half_open</c>, <c>isolated</c>) and the names of the open circuits.</remarks>
public sealed class CircuitBreakerHealthCheck : IHealthCheck
{
    private readonly CircuitBreakerRegistry _registry;
    private readonly HashSet<string> _critical;
    private readonly double? _failureRatio;

    /// <summary>Initializes a new instance of the <see cref="CircuitBreakerHealthCheck"/> class.</summary>
    /// <param name="registry">The registry whose breakers are checked.</param>
    /// <param name="options">When to report the failure status, or <see langword="null"/> for the defaults (never: open circuits are <c>Degraded</c>). They are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names the option and the value.</exception>
    public CircuitBreakerHealthCheck(CircuitBreakerRegistry registry, CircuitBreakerHealthCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new CircuitBreakerHealthCheckOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _registry = registry;
        _critical = new HashSet<string>(options.CriticalCircuits, StringComparer.Ordinal);
        _failureRatio = options.FailureRatio;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counts = new CircuitCounts();
        var openNames = new List<string>();
        var criticalOpen = new List<string>();
        foreach (var breaker in _registry.GetAll())
        {
            var state = breaker.State;
            counts.Add(state);
            if (state is CircuitState.Open or CircuitState.Isolated)
            {
                openNames.Add(breaker.Name);
                if (_critical.Contains(breaker.Name))
                {
                    criticalOpen.Add(breaker.Name);
                }
            }
        }

        openNames.Sort(StringComparer.Ordinal);
        criticalOpen.Sort(StringComparer.Ordinal);
        var data = counts.ToData(openNames);
        var open = counts.Open + counts.Isolated;
        if (open == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"All {counts.Total} circuits are closed or half-open.", data));
        }

        var description = $"{open} of {counts.Total} circuits are open: {string.Join(", ", openNames)}.";
        var failed = criticalOpen.Count > 0 || (_failureRatio is { } ratio && open >= ratio * counts.Total);
        if (criticalOpen.Count > 0)
        {
            description += $" Critical: {string.Join(", ", criticalOpen)}.";
        }

        return Task.FromResult(failed
            ? new HealthCheckResult(context.Registration.FailureStatus, description, data: data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
