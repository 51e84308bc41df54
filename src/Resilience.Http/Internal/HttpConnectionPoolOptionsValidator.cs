using Microsoft.Extensions.Options;

namespace Resilience.Http.Internal;

/// <summary>Checks <see cref="HttpConnectionPoolOptions"/> at startup with the same rules as <see cref="HttpConnectionPool.Configure"/>.</summary>
internal sealed class HttpConnectionPoolOptionsValidator : IValidateOptions<HttpConnectionPoolOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpConnectionPoolOptions options)
    {
        var errors = HttpConnectionPool.GetValidationErrors(options);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"HTTP client '{name}': {e}"));
    }
}
