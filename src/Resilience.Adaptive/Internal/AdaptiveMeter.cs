using System.Diagnostics.Metrics;
using Resilience.Telemetry;

namespace Resilience.Internal;

/// <summary>The package's meter, named like the library's (<c>Resilience</c>), so one <c>AddMeter("Resilience")</c>
/// collects the adaptive limit's and the throttle's instruments with the rest. Its version is the package version, as on
/// the other packages' meters of that name (one name with two versions would be two instrumentation scopes).</summary>
internal static class AdaptiveMeter
{
    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(AdaptiveMeter).Assembly);
}
