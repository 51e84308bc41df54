using Microsoft.Extensions.Options;

namespace Resilience.Http.Internal;

/// <summary>Checks a client's <see cref="ResilientHttpClientOptions"/> at startup, naming the client, the option and the value.</summary>
internal sealed class ResilientHttpClientOptionsValidator : IValidateOptions<ResilientHttpClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ResilientHttpClientOptions options)
    {
        var errors = GetClientErrors(options);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"HTTP client '{name}': {e}"));
    }

    /// <summary>The rules of <see cref="ResilientHttpClientOptions"/>, shared with the standard preset's validator.</summary>
    public static List<string> GetClientErrors(ResilientHttpClientOptions options)
    {
        var errors = GetErrors(options);
        if (!Enum.IsDefined(options.BreakerScope))
        {
            errors.Add($"{nameof(ResilientHttpClientOptions.BreakerScope)} must be Client or Authority; it was {options.BreakerScope}.");
        }

        if (options.MaxAuthorities is < 1 or > HttpResilienceConstants.MaxAuthoritiesLimit)
        {
            errors.Add($"{nameof(ResilientHttpClientOptions.MaxAuthorities)} must be between 1 and {HttpResilienceConstants.MaxAuthoritiesLimit}; it was {options.MaxAuthorities}.");
        }

        if (options.AuthorityIdleTimeout < HttpResilienceConstants.MinAuthorityIdleTimeout
            || options.AuthorityIdleTimeout > HttpResilienceConstants.MaxAuthorityIdleTimeout)
        {
            errors.Add($"{nameof(ResilientHttpClientOptions.AuthorityIdleTimeout)} must be between {HttpResilienceConstants.MinAuthorityIdleTimeout} and {HttpResilienceConstants.MaxAuthorityIdleTimeout}; it was {options.AuthorityIdleTimeout}.");
        }

        return errors;
    }

    /// <summary>The rules of <see cref="ResilientHttpHandlerOptions"/>, shared with the handler's constructor.</summary>
    public static List<string> GetErrors(ResilientHttpHandlerOptions options)
    {
        var errors = new List<string>();
        if (options.MaxReplayableContentLength < 0)
        {
            errors.Add($"{nameof(ResilientHttpHandlerOptions.MaxReplayableContentLength)} must be zero or more; it was {options.MaxReplayableContentLength}.");
        }

        return errors;
    }
}
