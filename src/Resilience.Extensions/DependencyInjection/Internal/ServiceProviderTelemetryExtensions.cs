using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Resilience.Telemetry;

namespace Resilience.DependencyInjection.Internal;

/// <summary>Where components built from a container find their telemetry listener.</summary>
internal static class ServiceProviderTelemetryExtensions
{
    /// <summary>
    /// The container's <see cref="ResilienceTelemetryListener"/> (<c>AddResilience</c> registers one over the container's
    /// <see cref="ILoggerFactory"/>; an application may register its own first), else one over the container's
    /// <see cref="ILoggerFactory"/>, else <see langword="null"/> (no events).
    /// </summary>
    public static ResilienceTelemetryListener? GetResilienceTelemetryListener(this IServiceProvider services) =>
        services.GetService<ResilienceTelemetryListener>()
        ?? (services.GetService<ILoggerFactory>() is { } loggerFactory ? new LoggerTelemetryListener(loggerFactory) : null);
}
