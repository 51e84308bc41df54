using System.Diagnostics.CodeAnalysis;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// Raises events on a <see cref="ResilienceTelemetryListener"/> and contains what the listener throws: the call that
/// raised the event never sees it (see <see cref="ResilienceTelemetryListener"/>'s remarks for how it is counted and reported).
/// </summary>
/// <remarks>Callers check <see cref="IsEnabled"/> first and build the event only when it returns <see langword="true"/>,
/// so a missing listener or a disabled severity costs a null check or one virtual call and allocates nothing.</remarks>
internal static class ResilienceEvents
{
    private const string ListenerFailedName = "TelemetryListenerFailed";
    private const string ListenerFailedTemplate =
        "The telemetry listener {ListenerType} threw {ErrorType} on event {EventName}; the event was lost and the call went on ({Occurrences} so far, reported at powers of two).";

    [ThreadStatic]
    private static bool t_reportingFailure;

    /// <summary>Tells whether <paramref name="listener"/> wants events of <paramref name="source"/> at <paramref name="severity"/>.</summary>
    public static bool IsEnabled([NotNullWhen(true)] ResilienceTelemetryListener? listener, ResilienceEventSource source, ResilienceEventSeverity severity)
    {
        if (listener is null)
        {
            return false;
        }

        try
        {
            return listener.IsEnabled(source, severity);
        }
#pragma warning disable CA1031 // A listener's exception must never break the call that raised the event; it is counted and reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failed(listener, source, string.Empty, nameof(ResilienceTelemetryListener.IsEnabled), ex);
            return false;
        }
    }

    /// <summary>Writes an event built by the caller after <see cref="IsEnabled"/> returned <see langword="true"/>.</summary>
    public static void Write(ResilienceTelemetryListener listener, in ResilienceEvent resilienceEvent)
    {
        try
        {
            listener.Write(in resilienceEvent);
        }
#pragma warning disable CA1031 // A listener's exception must never break the call that raised the event; it is counted and reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failed(listener, resilienceEvent.Source, resilienceEvent.SourceName, resilienceEvent.Name, ex);
        }
    }

    private static void Failed(ResilienceTelemetryListener listener, ResilienceEventSource source, string sourceName, string eventName, Exception exception)
    {
        var errorType = exception.GetType().FullName ?? exception.GetType().Name;
        ResilienceMetrics.RecordTelemetryListenerError(errorType);
        var count = listener.CountFailure();

        // Reported to the same listener (the only sink the library has), rate-limited, and never from inside a report:
        // a listener that always throws costs one extra attempt per power of two, not a recursion.
        if ((count & (count - 1)) != 0 || t_reportingFailure)
        {
            return;
        }

        t_reportingFailure = true;
        try
        {
            if (listener.IsEnabled(source, ResilienceEventSeverity.Error))
            {
                listener.Write(new ResilienceEvent(
                    source,
                    sourceName,
                    ResilienceEventIds.TelemetryListenerFailed,
                    ListenerFailedName,
                    ResilienceEventSeverity.Error,
                    ListenerFailedTemplate,
                    [
                        new("ListenerType", listener.GetType().FullName),
                        new("ErrorType", errorType),
                        new("EventName", eventName),
                        new("Occurrences", count),
                    ]));
            }
        }
#pragma warning disable CA1031 // The report failed as the event did; it is already counted.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            t_reportingFailure = false;
        }
    }
}
