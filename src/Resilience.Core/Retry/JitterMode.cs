namespace Resilience.Retry;

/// <summary>How the retry stage randomises its exponential backoff so that many clients do not retry in step.</summary>
/// <remarks>
/// With <c>d = BaseDelay × ExponentialBase^n</c> for the retry after attempt <c>n</c> (0-based) and <c>r</c> uniform in [0, 1),
/// see each member for its formula. Every delay is capped at <see cref="RetryOptions.MaxDelay"/> after the jitter is applied.
/// </remarks>
public enum JitterMode
{
    /// <summary>No randomisation: <c>min(d, MaxDelay)</c>.</summary>
    None = 0,

    /// <summary>Proportional jitter (the default): <c>min(d × (0.5 + r), MaxDelay)</c>, so the delay lies in [d/2, 3d/2).</summary>
    Proportional = 1,

    /// <summary>Full jitter: <c>min(d × r, MaxDelay)</c>, so the delay lies in [0, d).</summary>
    Full = 2,

    /// <summary>
    /// AWS decorrelated jitter: <c>next = min(MaxDelay, BaseDelay + r × (3 × previous − BaseDelay))</c>, starting with
    /// <c>previous = BaseDelay</c>. Each delay depends on the one before it, not on the attempt number.
    /// </summary>
    Decorrelated = 3,
}
