using System.Diagnostics.Metrics;
using Resilience.Internal;
using Resilience.Telemetry;

namespace Resilience.Http.Internal;

/// <summary>The per-authority store's instruments, on the package's meter (named <c>Resilience</c> like every package's). Each checks <see cref="Instrument.Enabled"/> first.</summary>
internal static class AuthorityMetrics
{
    private static readonly Meter Meter = PackageMeter.Create(ResilienceTelemetryNames.MeterName, typeof(AuthorityMetrics).Assembly);

    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        HttpResilienceConstants.AuthorityRejectedMetric, "{request}", "Requests to a new authority refused because the client's authority store was full.");

    private static readonly Counter<long> Evicted = Meter.CreateCounter<long>(
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
