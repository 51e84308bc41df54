using System.Globalization;
using Resilience.CircuitBreaking;
using Resilience.CircuitBreaking.Internal;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>
/// Settings that the chosen trip policy never reads: a value set there would silently do nothing, so it is refused
/// (naming the setting and the policy) rather than the policy being guessed.
/// </summary>
internal static class TripPolicyRules
{
    public static IEnumerable<string> GetIneffectiveSettings(CircuitBreakerOptions options)
    {
        if (options.TripPolicy == CircuitBreakerTripPolicy.ConsecutiveFailures)
        {
            if (options.FailureRatio != CircuitBreakerConstants.DefaultFailureRatio)
            {
                yield return Ineffective(nameof(options.FailureRatio), options.FailureRatio, CircuitBreakerTripPolicy.ConsecutiveFailures, CircuitBreakerTripPolicy.FailureRatio);
            }

            if (options.MinimumThroughput != CircuitBreakerConstants.DefaultMinimumThroughput)
            {
                yield return Ineffective(nameof(options.MinimumThroughput), options.MinimumThroughput, CircuitBreakerTripPolicy.ConsecutiveFailures, CircuitBreakerTripPolicy.FailureRatio);
            }
        }
        else if (options.TripPolicy == CircuitBreakerTripPolicy.FailureRatio && options.FailureThreshold != CircuitBreakerConstants.DefaultFailureThreshold)
        {
            yield return Ineffective(nameof(options.FailureThreshold), options.FailureThreshold, CircuitBreakerTripPolicy.FailureRatio, CircuitBreakerTripPolicy.ConsecutiveFailures);
        }
    }

    private static string Ineffective(string option, object value, CircuitBreakerTripPolicy policy, CircuitBreakerTripPolicy readBy) => string.Create(
        CultureInfo.InvariantCulture,
        $"{option} = {value} has no effect with TripPolicy = {policy}; it is read only by TripPolicy = {readBy}. Set TripPolicy to {readBy}, or remove {option}.");
}
