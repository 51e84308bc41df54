using System.Diagnostics;
using Resilience.Telemetry;
using Resilience.Telemetry.Internal;

namespace Resilience.Core.Tests.Telemetry.Internal;

public sealed class ResilienceActivitiesTests : IDisposable
{
    private readonly ActivitySource _source = new("Resilience.Tests." + Guid.NewGuid().ToString("N"));
    private readonly ActivityListener _listener;

    public ResilienceActivitiesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == _source.Name || s.Name == ResilienceTelemetryNames.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void Source_Name_IsResilience()
    {
        ResilienceActivities.Source.Name.Should().Be(ResilienceTelemetryNames.ActivitySourceName).And.Be("Resilience");
    }

    [Fact]
    public void Retry_RecordedActivity_AddsEventWithAttemptAndDelay()
    {
        using var activity = _source.StartActivity("call")!;

        ResilienceActivities.Retry("payment-api", 2, TimeSpan.FromMilliseconds(500));

        var e = activity.Events.Should().ContainSingle().Subject;
        e.Name.Should().Be("resilience.retry");
        e.Tags.Should().Contain(new KeyValuePair<string, object?>("retry.attempt", 2))
            .And.Contain(new KeyValuePair<string, object?>("retry.delay_seconds", 0.5))
            .And.Contain(new KeyValuePair<string, object?>("retry.name", "payment-api"));
    }

    [Fact]
    public void RejectedAndTimedOut_RecordedActivity_AddEvents()
    {
        using var activity = _source.StartActivity("call")!;

        ResilienceActivities.Rejected("payment-api", "open");
        ResilienceActivities.TimedOut("standard_request", TimeSpan.FromSeconds(2));

        activity.Events.Select(e => e.Name).Should().Equal("resilience.rejected", "resilience.timeout");
        activity.Events.First().Tags.Should().Contain(new KeyValuePair<string, object?>("circuit_breaker.name", "payment-api"));
        activity.Events.Last().Tags.Should().Contain(new KeyValuePair<string, object?>("timeout.seconds", 2.0))
            .And.Contain(new KeyValuePair<string, object?>("timeout.operation_type", "standard_request"));
    }

    [Fact]
    public void Retry_NoCurrentActivity_DoesNothing()
    {
        Activity.Current = null;

        var act = () => ResilienceActivities.Retry("svc", 1, TimeSpan.Zero);

        act.Should().NotThrow();
        Activity.Current.Should().BeNull();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }
}
