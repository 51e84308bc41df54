using Resilience.Internal;
using Resilience.TestUtilities;

namespace Resilience.Adaptive.Tests.Internal;

public sealed class AdaptiveMeterTests
{
    [Fact]
    public void Meter_Version_IsThePackageVersion_AsOnTheOtherPackagesResilienceMeters()
    {
        // One meter name (Resilience) with two versions would be two instrumentation scopes in an exporter.
        AdaptiveMeter.Meter.Version.Should().Be(PackageVersion.Of(typeof(ResiliencePipeline).Assembly), "a package version, not an assembly version with a fourth part");
    }
}
