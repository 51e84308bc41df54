using Resilience.Monitoring.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Monitoring.Tests.TestDoubles;
using Resilience.Monitoring;
using Resilience.Telemetry;

namespace Resilience.Monitoring.Tests.Monitoring;

public sealed class LoggerAlertSinkTests
{
    [Fact]
    public async Task SendAsync_Alert_LogsWarningWithStableEventIdAndDetails()
    {
        var logger = new FakeLogger<LoggerAlertSink>();
        var sink = new LoggerAlertSink(logger);

        await sink.SendAsync(SampleAlerts.OpenTooLong("payment-api"), CancellationToken.None);

        var record = logger.LatestRecord;
        record.Level.Should().Be(LogLevel.Warning);
        record.Id.Id.Should().Be(MonitoringEventIds.AlertRaised);
        record.Id.Name.Should().Be("AlertRaised");
        record.Message.Should().Be("ALERT [High] OpenTooLong on 'payment-api': Circuit breaker payment-api has been open for 5 min 1 s. Action: Check service health and logs.");
        record.StructuredState!.Should().Contain(new KeyValuePair<string, string?>("CircuitBreakerName", "payment-api"));
    }
}
