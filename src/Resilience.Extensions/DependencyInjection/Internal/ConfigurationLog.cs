using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The log messages of configuration handling.</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = ConfigurationMetrics.OptionsReloadRejectedEventId, EventName = "OptionsReloadRejected", Level = LogLevel.Error,
        Message = "Reloaded {OptionsType} '{OptionsName}' are invalid and were ignored; the last valid options stay in force. {Errors}")]
    public static partial void ReloadRejected(ILogger logger, string optionsType, string optionsName, string errors);

    [LoggerMessage(EventId = ConfigurationMetrics.OptionsReloadRejectedEventId, EventName = "PipelineRebuildFailed", Level = LogLevel.Error,
        Message = "The pipeline '{PipelineName}' could not be rebuilt after its options changed; it keeps running as it was.")]
    public static partial void PipelineRebuildFailed(ILogger logger, string pipelineName, Exception exception);
}
