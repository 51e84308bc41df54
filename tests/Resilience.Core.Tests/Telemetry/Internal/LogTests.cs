using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.TestUtilities.Logging;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;
using Resilience.Core.Tests.TestSupport;

namespace Resilience.Core.Tests.Telemetry.Internal;

public sealed class LogTests
{
    private readonly FakeLogger _logger = new();
    private readonly ResilienceTelemetryListener _listener;

    public LogTests() => _listener = FakeLoggerListener.For(_logger);

    [Fact]
    public void CircuitOpened_LogsWarningWithStableId()
    {
        Log.CircuitOpened(_listener, "payment-api", "FailureThresholdReached", TimeSpan.FromSeconds(60));

        Assert(LogLevel.Warning, ResilienceEventIds.CircuitOpened, "CircuitOpened",
            "Circuit breaker 'payment-api' opened (FailureThresholdReached); calls are rejected for 00:01:00.");
    }

    [Fact]
    public void CircuitClosed_LogsInformationWithStableId()
    {
        Log.CircuitClosed(_listener, "payment-api", "ProbesSucceeded");

        Assert(LogLevel.Information, ResilienceEventIds.CircuitClosed, "CircuitClosed", "Circuit breaker 'payment-api' closed (ProbesSucceeded).");
    }

    [Fact]
    public void CircuitHalfOpened_LogsInformationWithStableId()
    {
        Log.CircuitHalfOpened(_listener, "payment-api");

        Assert(LogLevel.Information, ResilienceEventIds.CircuitHalfOpened, "CircuitHalfOpened", "Circuit breaker 'payment-api' is half-open: probe calls are allowed.");
    }

    [Fact]
    public void CircuitIsolated_LogsWarningWithStableId()
    {
        Log.CircuitIsolated(_listener, "payment-api");

        Assert(LogLevel.Warning, ResilienceEventIds.CircuitIsolated, "CircuitIsolated", "Circuit breaker 'payment-api' was isolated by hand: every call is rejected until it is reset.");
    }

    [Fact]
    public void EventIds_AreUnique()
    {
        // Core's ids (internal); Monitoring (40xx), the HTTP adapter (50xx), hedging (3201-3203) and the rate limiter (3301) keep theirs in their own ranges.
        var ids = typeof(ResilienceEventIds).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Select(f => (int)f.GetValue(null)!).ToArray();

        ids.Should().OnlyHaveUniqueItems().And.HaveCount(16);
    }

    private void Assert(LogLevel level, int id, string name, string message)
    {
        var record = _logger.LatestRecord;
        record.Level.Should().Be(level);
        record.Id.Id.Should().Be(id);
        record.Id.Name.Should().Be(name);
        record.Message.Should().Be(message);
        record.Exception.Should().BeNull("no log carries an exception object, whose message may hold a URL");
    }
}
