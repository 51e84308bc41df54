using System.Globalization;
using Resilience.CircuitBreaking;
using Resilience.Timeout;

namespace Resilience.Testing;

/// <summary>One stage of a pipeline, as <see cref="ResiliencePipelineDescriptor.Strategies"/> lists it.</summary>
public sealed class ResilienceStrategyDescriptor
{
    internal ResilienceStrategyDescriptor(ResilienceStrategy strategy)
    {
        Strategy = strategy;
    }

    /// <summary>Gets the stage itself, such as a <c>RetryStrategy</c> or a <see cref="CircuitBreakerStrategy"/>.</summary>
    public ResilienceStrategy Strategy { get; }

    /// <summary>Gets the options the stage was built from (<see cref="ResilienceStrategy.Options"/>): a <c>RetryOptions</c>
    /// for a retry, the breaker's current <c>CircuitBreakerOptions</c> for a breaker stage, the manager's
    /// <see cref="TimeoutOptions"/> for a timeout; <see langword="null"/> for a stage without options.</summary>
    public object? Options => Strategy.Options;

    /// <summary>Returns the stage's type name, with the breaker's name or the timeout for those stages.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Strategy switch
    {
        CircuitBreakerStrategy breaker => $"{nameof(CircuitBreakerStrategy)}({breaker.Breaker.Name})",
        TimeoutStrategy timeout => string.Create(CultureInfo.InvariantCulture, $"{nameof(TimeoutStrategy)}({timeout.Timeout})"),
        _ => Strategy.GetType().Name,
    };
}
