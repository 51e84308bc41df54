using Microsoft.Extensions.Options;
using Resilience.DependencyInjection.Internal.Validators;
using Resilience.Hedging;
using Resilience.Timeout;

namespace Resilience.Http.Internal;

/// <summary>Checks a client's standard hedging options at start-up, naming the client, the option and the value.</summary>
internal sealed class StandardHttpHedgingOptionsValidator(HttpStandardClients clients) : IValidateOptions<StandardHttpHedgingOptions>
{
    public ValidateOptionsResult Validate(string? name, StandardHttpHedgingOptions options)
    {
        var errors = ResilientHttpClientOptionsValidator.GetClientErrors(options);
        if (options.TotalTimeout is { } total && total != System.Threading.Timeout.InfiniteTimeSpan
            && (total < HttpResilienceConstants.MinTotalTimeout || total > HttpResilienceConstants.MaxTotalTimeout))
        {
            errors.Add($"{nameof(StandardHttpHedgingOptions.TotalTimeout)} must be between {HttpResilienceConstants.MinTotalTimeout} and " +
                $"{HttpResilienceConstants.MaxTotalTimeout} (or Timeout.InfiniteTimeSpan for none) when set; it was {total}.");
        }

        if (options.BreakerScope != HttpBreakerScope.Authority)
        {
            errors.Add($"{nameof(StandardHttpHedgingOptions.BreakerScope)} must be Authority for the hedging preset (its breaker is per endpoint); it was {options.BreakerScope}.");
        }

        if (options.Hedging is null || options.CircuitBreaker is null || options.AttemptTimeout is null)
        {
            errors.Add("Hedging, CircuitBreaker and AttemptTimeout must not be null.");
        }
        else
        {
            errors.AddRange(options.CircuitBreaker.GetValidationErrors());
            errors.AddRange(TripPolicyRules.GetIneffectiveSettings(options.CircuitBreaker).Select(static e => $"CircuitBreaker.{e}"));
            AddConstructionError(errors, () => _ = new HedgingStrategy<HttpResponseMessage>(options.Hedging));
            AddConstructionError(errors, () => new TimeoutManager(options.AttemptTimeout).Dispose());
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{clients.Describe(name)}: {e}"));
    }

    private static void AddConstructionError(List<string> errors, Action construct)
    {
        try
        {
            construct();
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message);
        }
    }
}
