namespace Resilience.Redis.Internal;

/// <summary>The thresholds the fleet decides with, taken from the local breaker's options.</summary>
/// <param name="FailureRatio">The failure ratio at or above which the summed rule trips.</param>
/// <param name="MinimumThroughput">The calls needed before a ratio counts (per instance for its vote, summed for the summed rule).</param>
/// <param name="BreakDuration">How long the shared circuit stays open before probing.</param>
/// <param name="HalfOpenMaxCalls">Probes the whole fleet may send per half-open round.</param>
/// <param name="SuccessThreshold">Successful probes that close the shared circuit.</param>
internal sealed record SharedCircuitPolicy(
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan BreakDuration,
    int HalfOpenMaxCalls,
    int SuccessThreshold);
