using System.Diagnostics;
using System.Diagnostics.Metrics;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The instrument of configuration handling, on the library's meter.</summary>
internal static class ConfigurationMetrics
{
    private static readonly Counter<long> ReloadsRejected = ResilienceMetrics.Meter.CreateCounter<long>(
        ResilienceTelemetryNames.OptionsReloadsRejected, "{reload}", "Configuration reloads whose options were invalid and ignored; the last valid options stay.");

    /// <summary>Counts a rejected reload of the options <paramref name="name"/> of type <paramref name="optionsType"/> (both bounded: types are the library's, names are declared).</summary>
    public static void RecordReloadRejected(string optionsType, string name)
    {
        if (ReloadsRejected.Enabled)
        {
            ReloadsRejected.Add(1, new TagList
            {
                { ResilienceTelemetryNames.OptionsTypeTag, optionsType },
                { ResilienceTelemetryNames.OptionsNameTag, name },
            });
        }
    }
}
