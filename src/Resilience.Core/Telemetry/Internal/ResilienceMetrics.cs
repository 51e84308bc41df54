using System.Diagnostics;
using System.Diagnostics.Metrics;

using Resilience.Internal;

namespace Resilience.Telemetry.Internal;

/// <summary>
/// The library's meter and its general counters (each feature that owns instruments keeps them with it, on this meter: the
/// circuit breaker's in <c>CircuitBreakerMetrics</c> and <c>CircuitStateGauges</c>, the bulkhead's in <c>BulkheadMetrics</c>). Each Record method first checks <see cref="Instrument.Enabled"/>, so when nobody
/// listens a call costs one field read and allocates nothing; with a listener, tags are a stack-allocated
/// <see cref="TagList"/> of strings that already exist (names, constants, cached type names), so it allocates nothing either.
/// </summary>
/// <remarks>
/// <para>To add an instrument: its name (and any new tag) as a constant in <see cref="ResilienceTelemetryNames"/>, a
/// field here created on <see cref="Meter"/> with a UCUM unit, a Record method that checks <c>Enabled</c> first, a row in
/// docs/observability.md, and the OpenTelemetry end-to-end test's expectations.</para>
/// <para>Thread-safe: instruments are thread-safe.</para>
/// </remarks>
internal static class ResilienceMetrics
{
    /// <summary>The meter every instrument belongs to; its version is the package version.</summary>
    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(ResilienceMetrics).Assembly);

    internal static readonly Counter<long> RetryAttempts = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetryAttempts, "{attempt}", "Retry attempts (each retry after the first call).");

    internal static readonly Counter<long> RetriesExhausted = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetriesExhausted, "{operation}", "Operations that failed after their last retry.");

    internal static readonly Counter<long> RetryBudgetExhausted = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.RetryBudgetExhausted, "{retry}", "Retries refused because the retry budget was spent.");

    internal static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.Timeouts, "{timeout}", "Operations cancelled by a timeout.");

    internal static readonly Counter<long> TelemetryListenerErrors = Meter.CreateCounter<long>(
        ResilienceTelemetryNames.TelemetryListenerErrors, "{error}", "Exceptions a telemetry listener threw; each lost its event and never reached the call.");

    /// <summary>Counts one retry attempt, tagged with the error of the attempt that failed.</summary>
    public static void RecordRetryAttempt(string name, in OutcomeArguments failed) => AddRetry(RetryAttempts, name, failed);

    /// <summary>Counts an operation whose retries ran out, tagged with the error of its last attempt.</summary>
    public static void RecordRetriesExhausted(string name, in OutcomeArguments failed) => AddRetry(RetriesExhausted, name, failed);

    /// <summary>Counts a retry refused by the retry budget, tagged with the error it would have retried.</summary>
    public static void RecordRetryBudgetExhausted(string name, in OutcomeArguments failed) => AddRetry(RetryBudgetExhausted, name, failed);

    /// <summary>Counts a timeout.</summary>
    /// <param name="name">The name of the timeout (the pipeline's, or the manager's when called directly).</param>
    /// <param name="operationType">The operation type whose timeout fired (health_check, standard_request...).</param>
    public static void RecordTimeout(string name, string operationType)
    {
        if (Timeouts.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.TimeoutNameTag, name },
                { ResilienceTelemetryNames.TimeoutOperationTypeTag, operationType },
            };
            Timeouts.Add(1, in tags);
        }
    }

    /// <summary>Counts an exception a telemetry listener threw, tagged with its <c>error.type</c>.</summary>
    public static void RecordTelemetryListenerError(string errorType)
    {
        if (TelemetryListenerErrors.Enabled)
        {
            TelemetryListenerErrors.Add(1, new KeyValuePair<string, object?>(ResilienceTelemetryNames.ErrorTypeTag, errorType));
        }
    }

    /// <summary>The package version of an assembly (its informational version without the <c>+commit</c> build metadata).</summary>
    private static void AddRetry(Counter<long> counter, string name, in OutcomeArguments failed)
    {
        if (counter.Enabled)
        {
            var tags = new TagList
            {
                { ResilienceTelemetryNames.RetryNameTag, name },
                { ResilienceTelemetryNames.ErrorTypeTag, ErrorTypes.Of(failed) },
            };
            counter.Add(1, in tags);
        }
    }
}
