using Microsoft.Extensions.Logging;
using Resilience.DependencyInjection.Internal;
using Resilience.Telemetry;

namespace Resilience.DependencyInjection;

/// <summary>Connects the library's telemetry events to <c>Microsoft.Extensions.Logging</c>.</summary>
public static class LoggerFactoryTelemetryExtensions
{
    /// <summary>
    /// Creates a listener that writes every event to a logger of <paramref name="loggerFactory"/>: category
    /// <c>Resilience.CircuitBreaking</c>, <c>Resilience.Retry</c>, <c>Resilience.Timeout</c> or <c>Resilience.Hedging</c> by
    /// source, the event's id and name as the <c>EventId</c>, its severity as the level, its properties and
    /// <c>{OriginalFormat}</c> as the structured state. <c>AddResilience</c> registers one from the container's factory.
    /// </summary>
    /// <param name="loggerFactory">The factory the loggers come from.</param>
    /// <returns>A thread-safe listener to set as an options class's <c>TelemetryListener</c>; share one per application.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loggerFactory"/> is <see langword="null"/>.</exception>
    public static ResilienceTelemetryListener CreateResilienceTelemetryListener(this ILoggerFactory loggerFactory) =>
        new LoggerTelemetryListener(loggerFactory);
}
