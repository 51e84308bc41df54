using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// The options factory of the library's options types. The first options of a name fail as usual (start-up, or the
/// first use, reports every problem); once a name has had valid options, invalid ones (a bad configuration reload) are
/// logged, counted and replaced by the last valid ones, so the exception never reaches the configuration provider's
/// reload and every consumer keeps working with the options it had.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class ReloadSafeOptionsFactory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions> : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _inner;
    private readonly IValidateOptions<TOptions>[] _validations;
    private readonly LastValidOptions<TOptions> _lastValid;
    private readonly ILogger _logger;

    public ReloadSafeOptionsFactory(
        IEnumerable<IConfigureOptions<TOptions>> setups,
        IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
        IEnumerable<IValidateOptions<TOptions>> validations,
        LastValidOptions<TOptions> lastValid,
        ILoggerFactory? loggerFactory = null)
    {
        _validations = [.. validations];
        _inner = new OptionsFactory<TOptions>(setups, postConfigures, _validations);
        _lastValid = lastValid;
        _logger = loggerFactory?.CreateLogger("Resilience.Configuration") ?? NullLogger.Instance;
    }

    public TOptions Create(string name)
    {
        TOptions options;
        try
        {
            options = _inner.Create(name);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            // The binder throws InvalidOperationException for a value it cannot convert or a section it cannot bind;
            // reported like a validation failure, with the validators' reading of the section (its unknown keys).
            var validation = ex as OptionsValidationException ?? new OptionsValidationException(name, typeof(TOptions), Explain(name, ex));
            if (!_lastValid.TryGet(name, out var last))
            {
                throw validation;
            }

            ConfigurationLog.ReloadRejected(_logger, typeof(TOptions).Name, name, string.Join(" ", validation.Failures));
            ConfigurationMetrics.RecordReloadRejected(typeof(TOptions).Name, name);
            return last;
        }

        _lastValid.Set(name, options);
        return options;
    }

    private List<string> Explain(string name, Exception bindFailure)
    {
        var failures = new List<string>();
        var defaults = Activator.CreateInstance<TOptions>();
        foreach (var validation in _validations)
        {
            if (validation.Validate(name, defaults) is { Failed: true, Failures: { } found })
            {
                failures.AddRange(found);
            }
        }

        return failures.Count > 0 ? failures : [bindFailure.Message];
    }
}
