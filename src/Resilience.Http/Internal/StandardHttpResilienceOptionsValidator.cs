using Microsoft.Extensions.Options;
using Resilience.Retry;
using Resilience.Timeout;

namespace Resilience.Http.Internal;

/// <summary>Checks a client's standard preset options at startup, naming the client, the option and the value.</summary>
internal sealed class StandardHttpResilienceOptionsValidator(HttpStandardClients clients) : IValidateOptions<StandardHttpResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, StandardHttpResilienceOptions options)
    {
        var errors = ResilientHttpClientOptionsValidator.GetClientErrors(options);
        // Checked here, not when the first request builds the pipeline: a value the timeout stage refuses would pass
        // start-up and then fail every request.
        if (options.TotalTimeout is { } total && total != System.Threading.Timeout.InfiniteTimeSpan
            && (total < HttpResilienceConstants.MinTotalTimeout || total > HttpResilienceConstants.MaxTotalTimeout))
        {
            errors.Add($"{nameof(StandardHttpResilienceOptions.TotalTimeout)} must be between {HttpResilienceConstants.MinTotalTimeout} and " +
                $"{HttpResilienceConstants.MaxTotalTimeout} (or Timeout.InfiniteTimeSpan for none) when set; it was {total}.");
        }

        if (options.Retry is null || options.CircuitBreaker is null || options.AttemptTimeout is null)
        {
            errors.Add("Retry, CircuitBreaker and AttemptTimeout must not be null.");
        }
        else
        {
            errors.AddRange(options.CircuitBreaker.GetValidationErrors());
            errors.AddRange(options.CircuitBreaker.GetIneffectiveSettings().Select(static e => $"CircuitBreaker:{e}"));

            // The stages validate their options when built, with messages naming the option and the value.
            AddConstructionError(errors, () => _ = new RetryStrategy(options.Retry));
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
