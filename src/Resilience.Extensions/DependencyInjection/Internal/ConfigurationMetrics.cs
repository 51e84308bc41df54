using System.Diagnostics;
using System.Diagnostics.Metrics;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The instrument of configuration handling, on the package's meter (named <c>Resilience</c> like every package's).</summary>
internal static class ConfigurationMetrics
{
    /// <summary>Counter: configuration reloads whose options were invalid and ignored (the last valid options stay).</summary>
    internal const string OptionsReloadsRejected = "resilience.options.reloads.rejected";

    /// <summary>Tag: the options type of a rejected reload (<c>CircuitBreakerOptions</c>, <c>RetryOptions</c>, ...).</summary>
    internal const string OptionsTypeTag = "resilience.options.type";

    /// <summary>Tag: the options name of a rejected reload (the breaker, profile, pipeline or client name).</summary>
    internal const string OptionsNameTag = "resilience.options.name";

    /// <summary>Event id of a rejected reload (Error), the same id Core's registry writes for a breaker's: 1006.</summary>
    internal const int OptionsReloadRejectedEventId = 1006;

    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(ConfigurationMetrics).Assembly);

    private static readonly Counter<long> ReloadsRejected = Meter.CreateCounter<long>(
        OptionsReloadsRejected, "{reload}", "Configuration reloads whose options were invalid and ignored; the last valid options stay.");

    /// <summary>Counts a rejected reload of the options <paramref name="name"/> of type <paramref name="optionsType"/> (both bounded: types are the library's, names are declared).</summary>
    public static void RecordReloadRejected(string optionsType, string name)
    {
        if (ReloadsRejected.Enabled)
        {
            ReloadsRejected.Add(1, new TagList
            {
                { OptionsTypeTag, optionsType },
                { OptionsNameTag, name },
            });
        }
    }
}
