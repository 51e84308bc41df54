using System.Diagnostics;
using Resilience.Telemetry.Internal;

namespace Resilience.Core.Tests.Telemetry.Internal;

/// <summary>
/// Events are added only while somebody listens to the <c>Resilience</c> source. Runs alone: a listener on that source
/// in a parallel test would make the negative case pass for the wrong reason.
/// </summary>
[Collection(nameof(ResilienceActivitiesRunAlone))]
public sealed class ResilienceActivitiesOptInTests
{
    [Fact]
    public void Events_NoListenerOnResilienceSource_AreNotAdded()
    {
        using var source = new ActivitySource("Resilience.Tests.OptIn." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("call")!;

        ResilienceActivities.Source.HasListeners().Should().BeFalse();
        ResilienceActivities.Rejected("payment-api", "open");
        ResilienceActivities.Retry("payment-api", 1, TimeSpan.FromSeconds(1));
        ResilienceActivities.TimedOut("standard_request", TimeSpan.FromSeconds(2));

        activity.IsAllDataRequested.Should().BeTrue();
        activity.Events.Should().BeEmpty();
    }
}

/// <summary>The collection of tests that must not run beside a listener on the <c>Resilience</c> activity source.</summary>
[CollectionDefinition(nameof(ResilienceActivitiesRunAlone), DisableParallelization = true)]
public sealed class ResilienceActivitiesRunAlone
{
}
