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
    private readonly LastValidOptions<TOptions> _lastValid;
    private readonly ILogger _logger;

    public ReloadSafeOptionsFactory(
        IEnumerable<IConfigureOptions<TOptions>> setups,
        IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
        IEnumerable<IValidateOptions<TOptions>> validations,
        LastValidOptions<TOptions> lastValid,
        ILoggerFactory? loggerFactory = null)
    {
        _inner = new OptionsFactory<TOptions>(setups, postConfigures, validations);
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
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException && _lastValid.TryGet(name, out var last))
        {
            var errors = ex is OptionsValidationException validation ? string.Join(" ", validation.Failures) : ex.Message;
            ConfigurationLog.ReloadRejected(_logger, typeof(TOptions).Name, name, errors);
            ConfigurationMetrics.RecordReloadRejected(typeof(TOptions).Name, name);
            return last;
        }

        _lastValid.Set(name, options);
        return options;
    }
}
