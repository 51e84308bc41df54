using System.Diagnostics.Metrics;
using Resilience.Telemetry.Internal;

namespace Resilience.Hedging.Internal;

/// <summary>The hedging stage's instruments on the library's meter. Thread-safe; allocation-free when nobody listens.</summary>
internal static class HedgingMetrics
{
    internal static readonly Counter<long> Attempts = ResilienceMetrics.Meter.CreateCounter<long>(
        HedgingConstants.AttemptsInstrument, "{attempt}", "Hedged attempts started (the primary attempt is not counted).");

    internal static readonly Counter<long> BudgetExhausted = ResilienceMetrics.Meter.CreateCounter<long>(
        HedgingConstants.BudgetExhaustedInstrument, "{attempt}", "Hedged attempts not started because the retry budget was spent.");

    internal static readonly Counter<long> Cancelled = ResilienceMetrics.Meter.CreateCounter<long>(
        HedgingConstants.CancelledInstrument, "{attempt}", "Losing attempts cancelled (and awaited) after another attempt won.");

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
