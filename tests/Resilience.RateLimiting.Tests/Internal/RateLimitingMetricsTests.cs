using System.Reflection;
using Resilience.RateLimiting.Internal;

namespace Resilience.RateLimiting.Tests.Internal;

public sealed class RateLimitingMetricsTests
{
    [Fact]
    public void Meter_Version_IsThePackageVersion_AsOnTheOtherPackagesResilienceMeters()
    {
        // One meter name (Resilience) with two versions would be two instrumentation scopes in an exporter.
        var informational = typeof(ResiliencePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        RateLimitingMetrics.Meter.Version.Should().Be(informational.Split('+')[0], "a package version, not an assembly version with a fourth part");
    }
}
