using System.Collections;
using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.DependencyInjection.Internal;

/// <summary>
/// Writes the library's telemetry events to <see cref="ILogger"/> exactly as its source-generated log lines did: the same
/// category per source, <see cref="EventId"/> (id and name), level, structured state (the event's properties in order, then
/// <c>{OriginalFormat}</c> with the template) and message (the template rendered with the invariant culture).
/// </summary>
/// <remarks>Thread-safe; the loggers are created once. <see cref="IsEnabled"/> is the logger's own check, so a
/// filtered-out level costs what it costs with <c>LoggerMessage</c>: nothing is built.</remarks>
internal sealed class LoggerTelemetryListener : ResilienceTelemetryListener
{
    private const string CircuitBreakerCategory = "Resilience.CircuitBreaking";
    private const string RetryCategory = "Resilience.Retry";
    private const string TimeoutCategory = "Resilience.Timeout";
    private const string HedgingCategory = "Resilience.Hedging";
    private const string RateLimiterCategory = "Resilience.RateLimiting";

    private readonly ILogger _circuitBreaker;
    private readonly ILogger _retry;
    private readonly ILogger _timeout;
    private readonly ILogger _hedging;
    private readonly ILogger _rateLimiter;

    public LoggerTelemetryListener(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _circuitBreaker = loggerFactory.CreateLogger(CircuitBreakerCategory);
        _retry = loggerFactory.CreateLogger(RetryCategory);
        _timeout = loggerFactory.CreateLogger(TimeoutCategory);
        _hedging = loggerFactory.CreateLogger(HedgingCategory);
        _rateLimiter = loggerFactory.CreateLogger(RateLimiterCategory);
    }

    public override bool IsEnabled(ResilienceEventSource source, ResilienceEventSeverity severity) =>
        LoggerOf(source).IsEnabled(ToLogLevel(severity));

    public override void Write(in ResilienceEvent resilienceEvent)
    {
        var logger = LoggerOf(resilienceEvent.Source);
        var level = ToLogLevel(resilienceEvent.Severity);
        if (logger.IsEnabled(level))
        {
            logger.Log(level, new EventId(resilienceEvent.Id, resilienceEvent.Name), new EventState(resilienceEvent), exception: null, static (state, _) => state.ToString());
        }
    }

    private static LogLevel ToLogLevel(ResilienceEventSeverity severity) => severity switch
    {
        ResilienceEventSeverity.Debug => LogLevel.Debug,
        ResilienceEventSeverity.Information => LogLevel.Information,
        ResilienceEventSeverity.Warning => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    private ILogger LoggerOf(ResilienceEventSource source) => source switch
    {
        ResilienceEventSource.Retry => _retry,
        ResilienceEventSource.Timeout => _timeout,
        ResilienceEventSource.Hedging => _hedging,
        ResilienceEventSource.RateLimiter => _rateLimiter,
        _ => _circuitBreaker,
    };

    /// <summary>The log state <c>LoggerMessage</c> builds: the named values in template order, then <c>{OriginalFormat}</c>.</summary>
    private readonly struct EventState(ResilienceEvent resilienceEvent) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private const string OriginalFormatKey = "{OriginalFormat}";

        public int Count => resilienceEvent.Properties.Count + 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == resilienceEvent.Properties.Count
                ? new KeyValuePair<string, object?>(OriginalFormatKey, resilienceEvent.MessageTemplate)
                : resilienceEvent.Properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => resilienceEvent.FormatMessage();
    }
}
