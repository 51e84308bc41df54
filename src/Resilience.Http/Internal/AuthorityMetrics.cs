using System.Diagnostics.Metrics;
using Resilience.Telemetry.Internal;

namespace Resilience.Http.Internal;

/// <summary>The per-authority store's instruments, on the library's meter. Each checks <see cref="Instrument.Enabled"/> first.</summary>
internal static class AuthorityMetrics
{
    private static readonly Counter<long> Rejected = ResilienceMetrics.Meter.CreateCounter<long>(
        HttpResilienceConstants.AuthorityRejectedMetric, "{request}", "Requests to a new authority refused because the client's authority store was full.");

    private static readonly Counter<long> Evicted = ResilienceMetrics.Meter.CreateCounter<long>(
        HttpResilienceConstants.AuthorityEvictedMetric, "{authority}", "Idle authorities with closed circuits evicted from a client's store.");

    public static void RecordRejected(string clientName) => Add(Rejected, 1, clientName);

    public static void RecordEvicted(string clientName, int count) => Add(Evicted, count, clientName);

    private static void Add(Counter<long> counter, int value, string clientName)
    {
        if (counter.Enabled)
        {
            counter.Add(value, new KeyValuePair<string, object?>(HttpResilienceConstants.ClientNameTag, clientName));
        }
    }
}
