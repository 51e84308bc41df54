using System.Diagnostics.Metrics;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.RateLimiting.Internal;

/// <summary>The rate-limiter stage's instruments, on a meter named like the library's (<c>Resilience</c>), so one
/// <c>AddMeter("Resilience")</c> collects them with the rest. Thread-safe; allocation-free when nobody listens.</summary>
internal static class RateLimitingMetrics
{
    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(RateLimitingMetrics).Assembly);

    internal static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        RateLimitingConstants.RejectionsInstrument, "{call}", "Calls a rate limiter refused a permit.");

    internal static readonly Counter<long> CallbackErrors = Meter.CreateCounter<long>(
        RateLimitingConstants.CallbackErrorsInstrument, "{error}", "Exceptions of the OnRejected callback the rate limiter absorbed; the call was still rejected.");

    public static void RecordCallbackError(string name, string? errorType)
    {
        if (CallbackErrors.Enabled)
        {
            CallbackErrors.Add(
                1,
                new KeyValuePair<string, object?>(RateLimitingConstants.NameTag, name),
                new KeyValuePair<string, object?>(RateLimitingConstants.CallbackTag, RateLimitingConstants.OnRejectedCallback),
                new KeyValuePair<string, object?>(RateLimitingConstants.ErrorTypeTag, errorType));
        }
    }

    public static void RecordRejection(string name)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new KeyValuePair<string, object?>(RateLimitingConstants.NameTag, name));
        }
    }
}
