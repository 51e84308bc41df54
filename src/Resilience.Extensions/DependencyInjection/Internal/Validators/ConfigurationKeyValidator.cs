using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>Fails named options while their configuration section holds keys that bind to nothing.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="check">Returns the problems of the section of an options name (empty when it has none or no section).</param>
internal sealed class ConfigurationKeyValidator<TOptions>(Func<string, IReadOnlyList<string>> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = check(name ?? Options.DefaultName);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
