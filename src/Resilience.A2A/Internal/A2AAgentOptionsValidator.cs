using Microsoft.Extensions.Options;

namespace Resilience.A2A.Internal;

/// <summary>Validates named <see cref="A2AAgentOptions"/> at start-up, without reflection.</summary>
internal sealed class A2AAgentOptionsValidator : IValidateOptions<A2AAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, A2AAgentOptions options)
    {
        var errors = A2AClientOptionsValidation.Validate(options);
        if (options.Retry is null)
        {
            errors.Add("Retry must not be null.");
        }

        if (options.Timeout is null)
        {
            errors.Add("Timeout must not be null.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"A2A agent '{name}': {e}"));
    }
}
