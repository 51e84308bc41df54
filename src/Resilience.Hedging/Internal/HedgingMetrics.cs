using System.Diagnostics.Metrics;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.Hedging.Internal;

/// <summary>The hedging stage's instruments on a meter named like the library's (<c>Resilience</c>), so one <c>AddMeter("Resilience")</c> collects them with the rest. Thread-safe; allocation-free when nobody listens.</summary>
internal static class HedgingMetrics
{
    internal static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(HedgingMetrics).Assembly);

    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        HedgingConstants.AttemptsInstrument, "{attempt}", "Hedged attempts started (the primary attempt is not counted).");

    internal static readonly Counter<long> BudgetExhausted = Meter.CreateCounter<long>(
        HedgingConstants.BudgetExhaustedInstrument, "{attempt}", "Hedged attempts not started because the retry budget was spent.");

    internal static readonly Counter<long> Cancelled = Meter.CreateCounter<long>(
        HedgingConstants.CancelledInstrument, "{attempt}", "Losing attempts cancelled (and awaited) after another attempt won.");

    internal static readonly Counter<long> CallbackErrors = Meter.CreateCounter<long>(
        HedgingConstants.CallbackErrorsInstrument, "{error}", "Exceptions of user callbacks the hedging stage absorbed; the call went on without them.");

    public static void RecordCallbackError(string name, string callback, string? errorType)
    {
        if (CallbackErrors.Enabled)
        {
            CallbackErrors.Add(
                1,
                new KeyValuePair<string, object?>(HedgingConstants.NameTag, name),
                new KeyValuePair<string, object?>(HedgingConstants.CallbackTag, callback),
                new KeyValuePair<string, object?>(HedgingConstants.ErrorTypeTag, errorType));
        }
    }

    public static void RecordAttempt(string name, bool afterFailure)
    {
        if (Attempts.Enabled)
        {
            Attempts.Add(
                1,
                new KeyValuePair<string, object?>(HedgingConstants.NameTag, name),
                new KeyValuePair<string, object?>(HedgingConstants.TriggerTag, afterFailure ? HedgingConstants.FailureTrigger : HedgingConstants.DelayTrigger));
        }
    }

    public static void RecordBudgetExhausted(string name) => Add(BudgetExhausted, name, 1);

    public static void RecordCancelled(string name, int count) => Add(Cancelled, name, count);

    private static void Add(Counter<long> counter, string name, int count)
    {
        if (counter.Enabled && count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>(HedgingConstants.NameTag, name));
        }
    }
}
