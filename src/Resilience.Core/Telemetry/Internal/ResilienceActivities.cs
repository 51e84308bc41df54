using System.Diagnostics;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// The library's <see cref="ActivitySource"/> and the events it adds to the current activity on retry,
/// rejection and timeout. Nothing is allocated unless the current activity records its data.
/// </summary>
/// <remarks>
/// Events are added only while somebody listens to the <c>Resilience</c> source (OpenTelemetry's
/// <c>AddSource("Resilience")</c>): that is how a user opts in, and it spares every call without a listener the
/// <see cref="Activity.Current"/> read (an async-local lookup, a sixth of an open circuit's rejection).
/// </remarks>
internal static class ResilienceActivities
{
    internal static readonly ActivitySource Source = new(ResilienceTelemetryNames.ActivitySourceName);

    /// <summary>Adds a retry event (attempt number and delay) to the current activity.</summary>
    public static void Retry(string name, int attempt, TimeSpan delay)
    {
        if (Source.HasListeners() && Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(ResilienceTelemetryNames.RetryEvent, tags: new ActivityTagsCollection
            {
                { ResilienceTelemetryNames.RetryNameTag, name },
                { "retry.attempt", attempt },
                { "retry.delay_seconds", delay.TotalSeconds },
            }));
        }
    }

    /// <summary>Adds a rejection event (breaker name and state) to the current activity.</summary>
    public static void Rejected(string name, string state)
    {
        if (Source.HasListeners() && Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(ResilienceTelemetryNames.RejectionEvent, tags: new ActivityTagsCollection
            {
                { ResilienceTelemetryNames.CircuitBreakerNameTag, name },
                { ResilienceTelemetryNames.CircuitStateTag, state },
            }));
        }
    }

    /// <summary>Adds a timeout event (operation type and limit) to the current activity.</summary>
    public static void TimedOut(string operationType, TimeSpan timeout)
    {
        if (Source.HasListeners() && Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(ResilienceTelemetryNames.TimeoutEvent, tags: new ActivityTagsCollection
            {
                { ResilienceTelemetryNames.TimeoutOperationTypeTag, operationType },
                { "timeout.seconds", timeout.TotalSeconds },
            }));
        }
    }
}
