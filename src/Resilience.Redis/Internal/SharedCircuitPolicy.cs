using System.Globalization;

namespace Resilience.Redis.Internal;

/// <summary>The thresholds an instance decides with, taken from its local breaker's options and sent with each report.</summary>
/// <param name="FailureRatio">The failure ratio at or above which the instance's window says "failing" (and the summed rule trips).</param>
/// <param name="MinimumThroughput">The calls needed before a ratio counts (per instance for its vote, summed for the summed rule).</param>
/// <param name="BreakDuration">How long the shared circuit stays open before probing.</param>
/// <param name="HalfOpenMaxCalls">Probes the whole fleet may send per half-open round.</param>
/// <param name="SuccessThreshold">Successful probes that close the shared circuit.</param>
internal sealed record SharedCircuitPolicy(
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan BreakDuration,
    int HalfOpenMaxCalls,
    int SuccessThreshold)
{
    /// <summary>
    /// Gets the options fingerprint carried in every report: <c>ratio/throughput/breakMs/probes/successes</c>.
    /// Instances with equal fingerprints decide alike; the Lua scripts parse it, logs show it as it is.
    /// </summary>
    /// <remarks>Computed on each read (once or twice per round, never on the call path), so a <c>with</c> copy cannot carry a stale one.</remarks>
    public string Fingerprint => string.Create(
        CultureInfo.InvariantCulture,
        $"{FailureRatio:R}/{MinimumThroughput}/{UnixTime.ToMilliseconds(BreakDuration)}/{HalfOpenMaxCalls}/{SuccessThreshold}");
}
