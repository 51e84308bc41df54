using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Core.Tests.Telemetry.Internal;

public sealed class LogTests
{
    private readonly FakeLogger _logger = new();

    [Fact]
    public void CircuitOpened_LogsWarningWithStableId()
    {
        Log.CircuitOpened(_logger, "payment-api", "FailureThresholdReached", TimeSpan.FromSeconds(60));

        Assert(LogLevel.Warning, ResilienceEventIds.CircuitOpened, "CircuitOpened",
            "Circuit breaker 'payment-api' opened (FailureThresholdReached); calls are rejected for 00:01:00.");
    }

    [Fact]
    public void CircuitClosed_LogsInformationWithStableId()
    {
        Log.CircuitClosed(_logger, "payment-api", "ProbesSucceeded");

        Assert(LogLevel.Information, ResilienceEventIds.CircuitClosed, "CircuitClosed", "Circuit breaker 'payment-api' closed (ProbesSucceeded).");
    }

    [Fact]
    public void CircuitHalfOpened_LogsInformationWithStableId()
    {
        Log.CircuitHalfOpened(_logger, "payment-api");

        Assert(LogLevel.Information, ResilienceEventIds.CircuitHalfOpened, "CircuitHalfOpened", "Circuit breaker 'payment-api' is half-open: probe calls are allowed.");
    }

    [Fact]
    public void CircuitIsolated_LogsWarningWithStableId()
    {
        Log.CircuitIsolated(_logger, "payment-api");

        Assert(LogLevel.Warning, ResilienceEventIds.CircuitIsolated, "CircuitIsolated", "Circuit breaker 'payment-api' was isolated by hand: every call is rejected until it is reset.");
    }

    [Fact]
    public void RetryAttempt_LogsWarningWithAttemptDelayAndErrorType()
    {
        Log.RetryAttempt(_logger, 2, 3, "payment-api", TimeSpan.FromMilliseconds(400), "System.Net.Http.HttpRequestException");

        Assert(LogLevel.Warning, ResilienceEventIds.RetryAttempt, "RetryAttempt",
            "Retry 2 of 3 for 'payment-api' in 00:00:00.4000000 after System.Net.Http.HttpRequestException.");
    }

    [Fact]
    public void RetriesExhaustedAndBudget_LogWarnings()
    {
        Log.RetriesExhausted(_logger, "svc", 4, "System.TimeoutException");
        Log.RetryBudgetExhausted(_logger, "svc");

        var records = _logger.Collector.GetSnapshot();
        records.Select(r => (r.Level, r.Id.Id)).Should().Equal(
            (LogLevel.Warning, ResilienceEventIds.RetriesExhausted),
            (LogLevel.Warning, ResilienceEventIds.RetryBudgetExhausted));
    }

    [Fact]
    public void TimedOut_LogsTheGuideMessage()
    {
        Log.TimedOut(_logger, "get_agent_card", TimeSpan.FromSeconds(10));

        Assert(LogLevel.Warning, ResilienceEventIds.TimedOut, "TimedOut", "Operation 'get_agent_card' timed out after 00:00:10.");
    }

    [Fact]
    public void EventIds_AreUnique()
    {
        var ids = typeof(ResilienceEventIds).GetFields().Select(f => (int)f.GetValue(null)!).ToArray();

        ids.Should().OnlyHaveUniqueItems().And.HaveCount(14);
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
