namespace Resilience.AdaptiveConcurrency;

/// <summary>How an <see cref="AdaptiveConcurrencyStrategy"/> moves its limit from the measured latency (after Netflix's concurrency-limits).</summary>
public enum AdaptiveLimitAlgorithm
{
    /// <summary>Additive increase, multiplicative decrease: +1 per sample while the limit is in use, × <see cref="AdaptiveConcurrencyOptions.BackoffRatio"/>
    /// on a drop (a timeout, a rejection by the service, or a latency above <see cref="AdaptiveConcurrencyOptions.DropLatency"/>).</summary>
    Aimd,

    /// <summary>TCP Vegas: estimates the queue at the service as <c>limit × (1 − minRtt / rtt)</c> and grows the limit while
    /// that queue is short (below 3·log10(limit)), shrinks it when it is long (above 6·log10(limit)) or on a drop.</summary>
    Vegas,

    /// <summary>Gradient: multiplies the limit by <c>tolerance × longRtt / shortRtt</c> (clamped to [0.5, 1]) and adds a
    /// small queue allowance, so the limit settles where recent latency is <see cref="AdaptiveConcurrencyOptions.RttTolerance"/>
    /// times the long-term no-load latency.</summary>
    Gradient,
}
