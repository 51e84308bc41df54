using Resilience.CircuitBreaking;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// The base options an adapter gives the breakers it owns (the HTTP preset's <c>CircuitBreaker</c> options for the
/// breaker <c>{client}</c> or <c>{client}/{authority}</c>). Applied before configuration sections and code, so those
/// change only what they set.
/// </summary>
internal interface ICircuitBreakerOptionsTemplate
{
    /// <summary>Applies the template when it owns the breaker <paramref name="name"/>; otherwise does nothing.</summary>
    void Configure(string name, CircuitBreakerOptions options);
}
