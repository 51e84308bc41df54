using Resilience.Internal;

namespace Resilience.HealthChecks;

/// <summary>When the <see cref="CircuitBreakerHealthCheck"/> reports its registration's failure status instead of <c>Degraded</c>.</summary>
/// <remarks>
/// <para>By default open circuits make the check <c>Degraded</c>, never <c>Unhealthy</c>: an outage of one dependency
/// must not take every instance out of rotation (they all share that dependency, and the breakers already shed its load).
/// Name the dependencies without which an instance can serve nothing in <see cref="CriticalCircuits"/>, or set
/// <see cref="FailureRatio"/> to report <c>Unhealthy</c> when half or more of the circuits are open (<c>0.5</c>).</para>
/// <para>Configured per registration: <c>AddCircuitBreakers(name, configure: o => ...)</c>, or
/// <c>services.Configure&lt;CircuitBreakerHealthCheckOptions&gt;(registrationName, ...)</c>; read at every check.</para>
/// </remarks>
public sealed class CircuitBreakerHealthCheckOptions : IValidatableOptions
{
    /// <summary>Gets the names of the circuits whose opening (or isolation) makes the check report its failure status.</summary>
    /// <value>Empty by default. Names are compared ordinally.</value>
    public ISet<string> CriticalCircuits { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the share of open (or isolated) circuits, from more than 0 to 1, at which the check reports its failure status.</summary>
    /// <value>The default value is <see langword="null"/>: the share alone never does (any open circuit is <c>Degraded</c>).
    /// <c>0.5</c> means half or more open; <c>1</c> means all of them.</value>
    public double? FailureRatio { get; set; }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var guard = default(OptionsGuard);
        if (FailureRatio is { } ratio)
        {
            guard.Check(ratio > 0 && ratio <= 1, nameof(FailureRatio), "must be greater than 0 and at most 1", ratio);
        }

        guard.Check(!CriticalCircuits.Any(string.IsNullOrWhiteSpace), nameof(CriticalCircuits), "must not hold an empty name", string.Join(", ", CriticalCircuits));
        return guard.Errors;
    }
}
