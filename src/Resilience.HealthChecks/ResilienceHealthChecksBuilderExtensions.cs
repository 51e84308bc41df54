using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Resilience.DependencyInjection;
using Resilience.HealthChecks;
using Resilience.Registry;

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
    /// open, degraded when some are, <paramref name="failureStatus"/> only when <paramref name="configure"/> says so (a
    /// critical circuit open, or a share of open circuits reached).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration name (and the name of its <see cref="CircuitBreakerHealthCheckOptions"/>).</param>
    /// <param name="failureStatus">The status when a critical circuit is open or the failure ratio is reached, or <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c> for a readiness probe), or <see langword="null"/>.</param>
    /// <param name="configure">Which circuits are critical and from which share of open circuits the check fails, or <see langword="null"/> for never.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <remarks>The options are validated at start-up (<c>ValidateOnStart</c>) and read at every check, so a reload applies to the next one.</remarks>
    public static IHealthChecksBuilder AddCircuitBreakers(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<CircuitBreakerHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        builder.Services.AddResilience();
        var options = builder.Services.AddOptions<CircuitBreakerHealthCheckOptions>(name).ValidateResilienceOptions(static check => $"HealthChecks:{check}");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CircuitBreakerHealthCheck(
                sp.GetRequiredService<CircuitBreakerRegistry>(),
                sp.GetRequiredService<IOptionsMonitor<CircuitBreakerHealthCheckOptions>>().Get(name)),
            failureStatus,
            tags ?? []));
    }
}
