using System.Diagnostics.Metrics;
using Resilience.Telemetry;

namespace Resilience.Internal;

/// <summary>The package's meter, named like the library's (<c>Resilience</c>), so one <c>AddMeter("Resilience")</c>
/// collects the adaptive limit's and the throttle's instruments with the rest.</summary>
internal static class AdaptiveMeter
{
    internal static readonly Meter Meter = new(ResilienceTelemetryNames.MeterName, typeof(AdaptiveMeter).Assembly.GetName().Version?.ToString());
}
