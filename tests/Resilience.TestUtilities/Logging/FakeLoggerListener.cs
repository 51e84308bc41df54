using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;
using Resilience.DependencyInjection;
using Resilience.Telemetry;

namespace Resilience.TestUtilities.Logging;

/// <summary>The library's ILogger adapter over one <see cref="FakeLogger"/>, whatever the category, for the log tests.</summary>
public static class FakeLoggerListener
{
    public static ResilienceTelemetryListener For(FakeLogger logger)
    {
        var factory = Substitute.For<ILoggerFactory>();
        factory.CreateLogger(Arg.Any<string>()).Returns(logger);
        return factory.CreateResilienceTelemetryListener();
    }
}
